using Grid.Sip.Media;
using Grid.Sip.Metadata;
using Grid.Sip.Recording;
using Grid.Sip.Sdp;

namespace Grid.Sip.Tests.Media;

public sealed class MediaPlanTests
{
    private static MediaPlan? Plan(params string[] mediaSections) =>
        MediaPlan.Plan(SdpSession.Parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n" + string.Concat(mediaSections)), RecordingMetadata.Empty);

    [Fact]
    public void Two_PCMA_streams_record_as_two_channels_of_PCMA_in_m_line_order()
    {
        var plan = Plan(
            "m=audio 4000 RTP/AVP 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=label:caller\r\n",
            "m=audio 4002 RTP/AVP 8 0\r\na=label:callee\r\n")!;

        Assert.Equal(new MediaFormat(MediaCodec.Pcma, 8000, 2), plan.Format);
        Assert.Equal(new PlannedStream(0, "caller", true, 8, MediaCodec.Pcma, 101, 0, false), plan.Streams[0]);
        Assert.Equal(new PlannedStream(1, "callee", true, 8, MediaCodec.Pcma, null, 1, false), plan.Streams[1]);
        Assert.False(plan.IsPaused);
    }

    [Fact]
    public void One_PCMU_stream_records_as_one_channel_of_PCMU()
    {
        var plan = Plan("m=audio 4000 RTP/AVP 0\r\n")!;

        Assert.Equal(new MediaFormat(MediaCodec.Pcmu, 8000, 1), plan.Format);
        Assert.Equal("audio/PCMU;rate=8000;channels=1", plan.Format.MediaType);
        Assert.Equal(0, Assert.Single(plan.Streams).PayloadType);
    }

    [Fact]
    public void The_first_usable_codec_in_offer_order_is_chosen_including_a_dynamic_type_mapped_to_G711()
    {
        var plan = Plan("m=audio 4000 RTP/AVP 18 96 0 8\r\na=rtpmap:18 G729/8000\r\na=rtpmap:96 PCMA/8000\r\n")!;

        Assert.Equal(96, plan.Streams[0].PayloadType);
        Assert.Equal(MediaCodec.Pcma, plan.Streams[0].Codec);
    }

    [Fact]
    public void Different_laws_store_L16()
    {
        var plan = Plan("m=audio 4000 RTP/AVP 0\r\n", "m=audio 4002 RTP/AVP 8\r\n")!;

        Assert.Equal(new MediaFormat(MediaCodec.L16, 8000, 2), plan.Format);
        Assert.Equal(MediaCodec.Pcmu, plan.Streams[0].Codec);
        Assert.Equal(MediaCodec.Pcma, plan.Streams[1].Codec);
        Assert.Equal(32000, plan.Format.BytesPerSecond);
    }

    [Fact]
    public void A_law_both_streams_offer_is_preferred_to_mixing_laws()
    {
        var plan = Plan("m=audio 4000 RTP/AVP 0 8\r\n", "m=audio 4002 RTP/AVP 8 0\r\n")!;

        Assert.Equal(new MediaFormat(MediaCodec.Pcmu, 8000, 2), plan.Format);
        Assert.Equal(0, plan.Streams[1].PayloadType);
    }

    [Fact]
    public void Video_a_third_stream_and_a_line_without_usable_codec_are_not_recorded()
    {
        var plan = Plan(
            "m=video 5000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n",
            "m=audio 4000 RTP/AVP 18\r\n",
            "m=audio 4002 RTP/AVP 8\r\na=label:a\r\n",
            "m=audio 4004 RTP/AVP 8\r\na=label:b\r\n",
            "m=audio 4006 RTP/AVP 8\r\na=label:c\r\n")!;

        Assert.Equal([false, false, true, true, false], plan.Streams.Select(s => s.Recorded));
        Assert.Equal([-1, -1, 0, 1, -1], plan.Streams.Select(s => s.Channel));
        Assert.Equal([0, 1, 2, 3, 4], plan.Streams.Select(s => s.MediaIndex));
        Assert.Equal(2, plan.Format.Channels);
    }

    [Fact]
    public void SRTP_is_not_usable()
    {
        Assert.Null(Plan("m=audio 4000 RTP/SAVP 8\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:abc\r\n"));

        var plan = Plan("m=audio 4000 RTP/SAVP 8\r\n", "m=audio 4002 RTP/AVP 8\r\n")!;
        Assert.False(plan.Streams[0].Recorded);
        Assert.Equal(0, plan.Streams[1].Channel);
        Assert.Equal(1, plan.Format.Channels);
    }

    [Theory]
    [InlineData("m=audio 4000 RTP/AVP 18 9\r\n")]
    [InlineData("m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 opus/48000/2\r\n")]
    [InlineData("m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/16000\r\n")]
    [InlineData("m=video 4000 RTP/AVP 0\r\n")]
    [InlineData("")]
    public void No_usable_stream_gives_null(string media) => Assert.Null(Plan(media));

    [Fact]
    public void Inactive_zero_address_and_port_zero_mark_a_pause_but_keep_the_channels()
    {
        var plan = Plan(
            "m=audio 4000 RTP/AVP 8\r\na=inactive\r\n",
            "m=audio 4002 RTP/AVP 8\r\nc=IN IP4 0.0.0.0\r\n",
            "m=audio 0 RTP/AVP 8\r\n")!;

        Assert.Equal([true, true, false], plan.Streams.Select(s => s.Recorded));
        Assert.All(plan.Streams, s => Assert.True(s.Inactive));
        Assert.True(plan.IsPaused);

        var active = Plan("m=audio 4000 RTP/AVP 8\r\n", "m=audio 4002 RTP/AVP 8\r\n")!;
        Assert.True(active.HasSameMediaAs(plan));
        Assert.False(active.HasSameMediaAs(Plan("m=audio 4000 RTP/AVP 0\r\n", "m=audio 4002 RTP/AVP 8\r\n")!));
    }

    [Fact]
    public void Channels_are_described_with_the_participants_sending_each_label()
    {
        var plan = Plan("m=audio 4000 RTP/AVP 8\r\na=label:10\r\n", "m=audio 4002 RTP/AVP 8\r\na=label:11\r\n")!;
        var metadata = new RecordingMetadata("complete", [], null,
            [new MetadataParticipant("alice", "sip:alice@example.com", "Alice", ["s1"], ["s2"]),
             new MetadataParticipant("bob", "tel:+15551234", null, ["s2"], ["s1"])],
            [new MetadataStream("s1", "10"), new MetadataStream("s2", "11")]);

        var channels = plan.DescribeChannels(metadata);

        Assert.Equal(2, channels.Count);
        Assert.Equal((0, "10", "alice"), (channels[0].Index, channels[0].Label, Assert.Single(channels[0].ParticipantIds)));
        Assert.Equal((1, "11", "bob"), (channels[1].Index, channels[1].Label, Assert.Single(channels[1].ParticipantIds)));
        Assert.IsType<ChannelInfo>(channels[0]);
    }
}
