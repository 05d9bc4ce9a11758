using Grid.Sip.Sip;
using Grid.Sip.Tests.Support;

namespace Grid.Sip.Tests.Sip;

public sealed class SipStreamFramerTests
{
    private static readonly byte[] One = SipText.Bytes("""
        MESSAGE sip:srs@127.0.0.1 SIP/2.0
        Via: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bKf1
        From: <sip:a@b>;tag=1
        To: <sip:c@d>
        Call-ID: f1@x
        CSeq: 1 MESSAGE
        l: 5

        hello
        """.TrimEnd());

    [Fact]
    public void Two_messages_in_one_buffer_are_cut_by_content_length()
    {
        var buffer = One.Concat(One).ToArray();

        var first = SipStreamFramer.Next(buffer, 65535);
        var second = SipStreamFramer.Next(buffer.AsSpan(first.Length), 65535);

        Assert.Equal(new SipFrame(SipFrameKind.Message, One.Length), first);
        Assert.Equal(new SipFrame(SipFrameKind.Message, One.Length), second);
        Assert.Equal("hello", SipParser.Parse(buffer.AsSpan(0, first.Length)).Message!.BodyText);
    }

    [Fact]
    public void A_partial_message_needs_more()
    {
        Assert.Equal(SipFrameKind.NeedMore, SipStreamFramer.Next(One.AsSpan(0, One.Length - 1), 65535).Kind);
        Assert.Equal(SipFrameKind.NeedMore, SipStreamFramer.Next(One.AsSpan(0, 20), 65535).Kind);
    }

    [Fact]
    public void Keep_alive_line_breaks_are_skipped()
    {
        Assert.Equal(new SipFrame(SipFrameKind.KeepAlive, 4), SipStreamFramer.Next("\r\n\r\n"u8, 65535));
    }

    [Fact]
    public void A_header_section_without_content_length_is_refused()
    {
        var head = SipText.Bytes("""
            OPTIONS sip:srs@127.0.0.1 SIP/2.0
            Via: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bKf2
            From: <sip:a@b>;tag=1
            To: <sip:c@d>
            Call-ID: f2@x
            CSeq: 1 OPTIONS


            """);

        Assert.Equal(SipFrameKind.MissingContentLength, SipStreamFramer.Next(head, 65535).Kind);
    }

    [Fact]
    public void Two_content_lengths_are_refused()
    {
        var head = SipText.Bytes("""
            OPTIONS sip:srs@127.0.0.1 SIP/2.0
            Content-Length: 0
            l: 5


            """);

        Assert.Equal(SipFrameKind.BadContentLength, SipStreamFramer.Next(head, 65535).Kind);
    }

    [Fact]
    public void A_message_over_the_bound_is_refused_before_its_body_arrives()
    {
        var head = SipText.Bytes("""
            MESSAGE sip:srs@127.0.0.1 SIP/2.0
            Content-Length: 100000


            """);

        Assert.Equal(SipFrameKind.TooLarge, SipStreamFramer.Next(head, 65535).Kind);
    }

    [Fact]
    public void Endless_headers_are_refused_at_the_bound()
    {
        var endless = new byte[2048];
        Array.Fill(endless, (byte)'a');

        Assert.Equal(SipFrameKind.TooLarge, SipStreamFramer.Next(endless, 1024).Kind);
    }
}
