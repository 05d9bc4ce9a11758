using Grid.Sip.Media;
using Grid.Sip.Metadata;
using Grid.Sip.Sdp;

namespace Grid.Sip.Tests.Sdp;

public sealed class SdpAnswerTests
{
    [Fact]
    public void Two_stream_offer_is_answered_recvonly_with_labels_telephone_event_and_rtcp()
    {
        var offer = SdpSession.Parse(SdpSessionTests.TwoStreamOffer);
        var plan = MediaPlan.Plan(offer, RecordingMetadata.Empty)!;

        var answer = SdpAnswer.Build(offer, plan, [30000, 30002], "10.0.0.5", 42, 1);

        Assert.Equal(
            "v=0\r\n" +
            "o=grid-srs 42 1 IN IP4 10.0.0.5\r\n" +
            "s=Grid SRS\r\n" +
            "c=IN IP4 10.0.0.5\r\n" +
            "t=0 0\r\n" +
            "m=audio 30000 RTP/AVP 8 101\r\n" +
            "a=rtpmap:8 PCMA/8000\r\n" +
            "a=rtpmap:101 telephone-event/8000\r\n" +
            "a=fmtp:101 0-16\r\n" +
            "a=label:1\r\n" +
            "a=rtcp:30001\r\n" +
            "a=recvonly\r\n" +
            "m=audio 30002 RTP/AVP 8 101\r\n" +
            "a=rtpmap:8 PCMA/8000\r\n" +
            "a=rtpmap:101 telephone-event/8000\r\n" +
            "a=fmtp:101 0-16\r\n" +
            "a=label:2\r\n" +
            "a=rtcp:30003\r\n" +
            "a=recvonly\r\n",
            answer);
    }

    [Fact]
    public void Streams_not_recorded_get_port_zero_with_their_formats_and_the_version_is_the_callers()
    {
        var offer = SdpSession.Parse(
            "v=0\r\no=- 5 5 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n" +
            "m=video 6000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n" +
            "m=audio 6002 RTP/AVP 0\r\na=rtcp-mux\r\n" +
            "m=audio 6004 RTP/SAVP 0\r\n" +
            "m=message 7394 TCP/MSRP *\r\n");
        var plan = MediaPlan.Plan(offer, RecordingMetadata.Empty)!;

        var answer = SdpAnswer.Build(offer, plan, [0, 31000, 0, 0], "2001:db8::5", 7, 3);

        Assert.Equal(
            "v=0\r\n" +
            "o=grid-srs 7 3 IN IP6 2001:db8::5\r\n" +
            "s=Grid SRS\r\n" +
            "c=IN IP6 2001:db8::5\r\n" +
            "t=0 0\r\n" +
            "m=video 0 RTP/AVP 96\r\n" +
            "m=audio 31000 RTP/AVP 0\r\n" +
            "a=rtpmap:0 PCMU/8000\r\n" +
            "a=rtcp-mux\r\n" +
            "a=recvonly\r\n" +
            "m=audio 0 RTP/SAVP 0\r\n" +
            "m=message 0 TCP/MSRP *\r\n",
            answer);
    }

    [Fact]
    public void Pausing_reoffer_is_answered_inactive_and_port_zero_stays_zero()
    {
        var offer = SdpSession.Parse(
            "v=0\r\no=- 5 6 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n" +
            "m=audio 6000 RTP/AVP 8\r\na=label:1\r\na=inactive\r\n" +
            "m=audio 0 RTP/AVP 8\r\na=label:2\r\n");
        var plan = MediaPlan.Plan(offer, RecordingMetadata.Empty)!;

        var answer = SdpAnswer.Build(offer, plan, [32000, 32002], "10.0.0.5", 42, 2);

        Assert.Equal(
            "v=0\r\n" +
            "o=grid-srs 42 2 IN IP4 10.0.0.5\r\n" +
            "s=Grid SRS\r\n" +
            "c=IN IP4 10.0.0.5\r\n" +
            "t=0 0\r\n" +
            "m=audio 32000 RTP/AVP 8\r\n" +
            "a=rtpmap:8 PCMA/8000\r\n" +
            "a=label:1\r\n" +
            "a=rtcp:32001\r\n" +
            "a=inactive\r\n" +
            "m=audio 0 RTP/AVP 8\r\n",
            answer);
    }

    [Fact]
    public void Answer_parses_back_as_the_same_streams()
    {
        var offer = SdpSession.Parse(SdpSessionTests.TwoStreamOffer);
        var plan = MediaPlan.Plan(offer, RecordingMetadata.Empty)!;

        var answer = SdpSession.Parse(SdpAnswer.Build(offer, plan, [30000, 30002], "10.0.0.5", 42, 1));

        Assert.Equal(1, answer.OriginVersion);
        Assert.Equal(["1", "2"], answer.Media.Select(m => m.Label));
        Assert.All(answer.Media, m => Assert.Equal("recvonly", m.Direction));
        Assert.Equal([30000, 30002], answer.Media.Select(m => m.Port));
    }

    [Fact]
    public void Mismatched_ports_are_refused()
    {
        var offer = SdpSession.Parse(SdpSessionTests.TwoStreamOffer);
        var plan = MediaPlan.Plan(offer, RecordingMetadata.Empty)!;

        Assert.Throws<ArgumentException>(() => SdpAnswer.Build(offer, plan, [30000], "10.0.0.5", 1, 1));
        Assert.Throws<ArgumentException>(() => SdpAnswer.Build(offer, plan, [30000, 0], "10.0.0.5", 1, 1));
    }
}
