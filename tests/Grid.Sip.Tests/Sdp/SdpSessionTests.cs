using Grid.Sip.Sdp;

namespace Grid.Sip.Tests.Sdp;

public sealed class SdpSessionTests
{
    // Shaped like what SBCs send a recorder: two labelled send-only streams, telephone-event, RTCP port, ptime,
    // an unknown line type and attributes the SRS does not use.
    internal const string TwoStreamOffer =
        "v=0\r\n" +
        "o=SBC-SRC 1714560000 1714560001 IN IP4 192.0.2.10\r\n" +
        "s=SIP Call Recording\r\n" +
        "c=IN IP4 192.0.2.10\r\n" +
        "b=AS:128\r\n" +
        "t=0 0\r\n" +
        "m=audio 20000 RTP/AVP 8 0 101\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-15\r\n" +
        "a=ptime:20\r\n" +
        "a=rtcp:20001\r\n" +
        "a=label:1\r\n" +
        "a=sendonly\r\n" +
        "m=audio 20002 RTP/AVP 8 0 101\r\n" +
        "c=IN IP4 192.0.2.11/127\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=label:2\r\n" +
        "a=x-vendor-thing\r\n" +
        "a=sendonly\r\n";

    [Fact]
    public void Two_stream_SBC_offer_is_read_completely()
    {
        var sdp = SdpSession.Parse(TwoStreamOffer);

        Assert.Equal("SBC-SRC 1714560000 1714560001 IN IP4 192.0.2.10", sdp.Origin);
        Assert.Equal(1714560001, sdp.OriginVersion);
        Assert.Equal("192.0.2.10", sdp.ConnectionAddress);
        Assert.Equal(2, sdp.Media.Count);

        var first = sdp.Media[0];
        Assert.Equal("audio", first.Kind);
        Assert.Equal(20000, first.Port);
        Assert.Equal("RTP/AVP", first.Protocol);
        Assert.Equal([8, 0, 101], first.Formats);
        Assert.Equal(["8", "0", "101"], first.FormatTokens);
        Assert.Equal("192.0.2.10", first.ConnectionAddress);
        Assert.Equal("1", first.Label);
        Assert.Equal("sendonly", first.Direction);
        Assert.Equal(new SdpRtpMap("PCMA", 8000, 1), first.RtpMaps[8]);
        Assert.Equal(new SdpRtpMap("telephone-event", 8000, 1), first.RtpMaps[101]);
        Assert.Equal(20, first.Ptime);
        Assert.Equal(20001, first.RtcpPort);
        Assert.False(first.RtcpMux);
        Assert.False(first.IsSecure);
        Assert.Equal(8, first.Attributes.Count);
        Assert.Equal(new KeyValuePair<string, string?>("fmtp", "101 0-15"), first.Attributes[3]);
        Assert.Equal(new KeyValuePair<string, string?>("sendonly", null), first.Attributes[7]);

        var second = sdp.Media[1];
        Assert.Equal("192.0.2.11", second.ConnectionAddress);
        Assert.Equal("2", second.Label);
        Assert.Null(second.RtcpPort);
        Assert.Contains(new KeyValuePair<string, string?>("x-vendor-thing", null), second.Attributes);
    }

    [Fact]
    public void LF_line_ends_blank_lines_and_trailing_spaces_are_tolerated()
    {
        var sdp = SdpSession.Parse("v=0\no=- 1 2 IN IP4 10.1.1.1\ns=-\n\nc=IN IP4 10.1.1.1  \nt=0 0\nm=audio 4000 RTP/AVP 0\na=label:7\n");

        Assert.Equal("10.1.1.1", sdp.ConnectionAddress);
        var media = Assert.Single(sdp.Media);
        Assert.Equal([0], media.Formats);
        Assert.Empty(media.RtpMaps);
        Assert.Equal("7", media.Label);
        Assert.Equal("sendrecv", media.Direction);
    }

    [Fact]
    public void Pause_signals_are_read_inactive_zero_address_and_port_zero()
    {
        var sdp = SdpSession.Parse(
            "v=0\r\no=- 1 3 IN IP4 10.1.1.1\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\na=inactive\r\n" +
            "m=audio 4000 RTP/AVP 8\r\na=label:1\r\n" +
            "m=audio 0 RTP/AVP 8\r\nc=IN IP4 10.1.1.1\r\na=label:2\r\na=sendonly\r\n");

        Assert.Equal("0.0.0.0", sdp.Media[0].ConnectionAddress);
        Assert.Equal("inactive", sdp.Media[0].Direction);
        Assert.Equal(0, sdp.Media[1].Port);
        Assert.Equal("sendonly", sdp.Media[1].Direction);
    }

    [Fact]
    public void SRTP_rtcp_mux_port_count_and_non_RTP_lines_are_noted()
    {
        var sdp = SdpSession.Parse(
            "v=0\r\no=- 1 1 IN IP6 2001:db8::1\r\ns=-\r\nc=IN IP6 2001:db8::1\r\nt=0 0\r\n" +
            "m=audio 5004/2 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\na=rtcp-mux\r\n" +
            "m=message 7394 TCP/MSRP *\r\n");

        Assert.Equal("2001:db8::1", sdp.ConnectionAddress);
        Assert.Equal(5004, sdp.Media[0].Port);
        Assert.True(sdp.Media[0].IsSecure);
        Assert.True(sdp.Media[0].RtcpMux);
        Assert.Equal("message", sdp.Media[1].Kind);
        Assert.Empty(sdp.Media[1].Formats);
        Assert.Equal(["*"], sdp.Media[1].FormatTokens);
        Assert.False(sdp.Media[1].IsRtp);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n")]
    [InlineData("hello world")]
    [InlineData("<recording xmlns='urn:ietf:params:xml:ns:recording:1'/>")]
    [InlineData("o=- 1 1 IN IP4 1.2.3.4\r\nv=0\r\n")]
    [InlineData("v=1\r\n")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nthis is not sdp\r\n")]
    [InlineData("v=0\r\nm=audio\r\n")]
    [InlineData("v=0\r\nm=audio port RTP/AVP 0\r\n")]
    [InlineData("v=0\r\nm=audio 70000 RTP/AVP 0\r\n")]
    [InlineData("v=0\r\nm=audio 4000 RTP/AVP PCMU\r\n")]
    [InlineData("v=0\r\nm=audio 4000 RTP/AVP 128\r\n")]
    [InlineData("v=0\r\nc=IN IP4\r\n")]
    public void Garbage_is_refused_with_a_typed_error(string text)
    {
        var error = Assert.Throws<SdpFormatException>(() => SdpSession.Parse(text));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Null_is_refused_with_a_typed_error() =>
        Assert.Throws<SdpFormatException>(() => SdpSession.Parse(null!));

    [Fact]
    public void Size_and_media_count_are_bounded()
    {
        var huge = "v=0\r\n" + string.Concat(Enumerable.Repeat("a=x-padding:0123456789012345678901234567890123456789\r\n", 2000));
        Assert.Contains("more than", Assert.Throws<SdpFormatException>(() => SdpSession.Parse(huge)).Message, StringComparison.Ordinal);

        var many = "v=0\r\n" + string.Concat(Enumerable.Repeat("m=audio 4000 RTP/AVP 0\r\n", SdpSession.MaxMediaLines + 1));
        Assert.Contains("m= lines", Assert.Throws<SdpFormatException>(() => SdpSession.Parse(many)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_rtpmap_is_ignored_and_static_types_still_work()
    {
        var sdp = SdpSession.Parse("v=0\r\nm=audio 4000 RTP/AVP 0 96\r\na=rtpmap:96\r\na=rtpmap:0 PCMU\r\na=rtpmap:96 opus/48000/2\r\n");

        Assert.Equal(new SdpRtpMap("opus", 48000, 2), Assert.Single(sdp.Media[0].RtpMaps).Value);
    }
}
