using System.Buffers.Binary;
using Grid.Sip.Media;
using Grid.Sip.Metadata;
using Grid.Sip.Recording;
using Grid.Sip.Sdp;
using Grid.Sip.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Grid.Sip.Tests.Media;

/// <summary>
/// The media session over real loopback UDP sockets, with a fake clock: packets are sent, the test waits until the
/// session has received them, then moves the clock, so what is delivered is exact.
/// </summary>
public sealed class MediaSessionTests
{
    private const string Header = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n";
    private const string PcmaStream = "m=audio 4000 RTP/AVP 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=sendonly\r\n";
    private const string PcmuStream = "m=audio 4000 RTP/AVP 0\r\na=sendonly\r\n";
    private const byte A = G711.AlawSilence;

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly RtpPortPool pool = new(42000, 42999);
    private readonly RecordingSinkFake sink = new();

    private static MediaPlan PlanOf(params string[] streams) =>
        MediaPlan.Plan(SdpSession.Parse(Header + string.Concat(streams)), RecordingMetadata.Empty)!;

    private MediaSession Open(MediaPlan plan, int chunkMs = 200, Action<MediaSessionOptions>? configure = null)
    {
        var options = new MediaSessionOptions
        {
            ChunkDuration = TimeSpan.FromMilliseconds(chunkMs),
            ReorderWindow = TimeSpan.FromMilliseconds(80),
            MaxTimestampLead = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        var session = MediaSession.Create(plan, pool, options, time, NullLogger.Instance);
        session.Start(sink);
        return session;
    }

    /// <summary>160 bytes (20 ms of G.711) that differ per stream and packet and never equal silence.</summary>
    private static byte[] Payload(int stream, int packet, int length = 160) =>
        Enumerable.Range(0, length).Select(i => (byte)(((stream * 89) + (packet * 13) + i) % 200 + 1)).Select(b => b == A ? (byte)0x01 : b).ToArray();

    private static byte[] Silence(int samples, byte value = A) => Enumerable.Repeat(value, samples).ToArray();

    private static byte[] Concat(params IEnumerable<byte>[] parts) => parts.SelectMany(p => p).ToArray();

    private void Advance(int milliseconds) => time.Advance(TimeSpan.FromMilliseconds(milliseconds));

    private static Task ReceivedAsync(MediaSession session, long count) =>
        RtpSender.UntilAsync(() => session.Counters.Received >= count, $"{count} packets");

    [Fact]
    public async Task Two_A_law_streams_are_stored_bit_exact_per_channel_across_sequence_and_timestamp_wrap()
    {
        var plan = PlanOf(PcmaStream, PcmaStream);
        await using var session = Open(plan);
        using var caller = new RtpSender();
        using var callee = new RtpSender();

        for (var k = 0; k < 50; k++)
        {
            caller.Send(session.Ports[0], 8, 65500 + k, 0xFFFFF000u + (uint)(k * 160), 0x11111111, Payload(0, k));
            callee.Send(session.Ports[1], 8, 30000 + k, 123456u + (uint)(k * 160), 0x22222222, Payload(1, k));
        }

        await ReceivedAsync(session, 100);
        await session.EndAsync(SessionEndReason.Bye, CancellationToken.None);

        Assert.Equal(session.Ports[0] + 2, session.Ports[1]);
        Assert.Equal(new MediaFormat(MediaCodec.Pcma, 8000, 2), session.Format);
        Assert.Equal(["append 0+200", "append 200+200", "append 400+200", "append 600+200", "append 800+200", "end Bye"], sink.CallLog());
        Assert.Equal(Concat(Enumerable.Range(0, 50).Select(k => Payload(0, k)).ToArray()), sink.Channel(0, session.Format));
        Assert.Equal(Concat(Enumerable.Range(0, 50).Select(k => Payload(1, k)).ToArray()), sink.Channel(1, session.Format));
        Assert.Equal(new MediaCounters(100, 0, 0, 0, 0), session.Counters);
        Assert.False(sink.Overlapped);
        Assert.True(session.Failure.IsCompletedSuccessfully);
        Assert.Equal(0, pool.InUse);
    }

    [Fact]
    public async Task Packets_reordered_within_the_window_are_stored_in_exact_order()
    {
        var plan = PlanOf(PcmaStream);
        await using var session = Open(plan);
        using var sender = new RtpSender();
        void Send(int k) => sender.Send(session.Ports[0], 8, k, (uint)(k * 160), 7, Payload(0, k));

        foreach (var k in new[] { 0, 1, 2, 4, 3 })
        {
            Send(k);
        }

        await ReceivedAsync(session, 5);
        Advance(100);
        foreach (var k in new[] { 6, 5, 9, 8, 7 })
        {
            Send(k);
        }

        await ReceivedAsync(session, 10);
        Advance(180);
        Assert.Equal(TimeSpan.FromMilliseconds(200), session.Delivered);
        await session.EndAsync(SessionEndReason.Bye, CancellationToken.None);

        Assert.Equal(["append 0+200", "append 200+80", "end Bye"], sink.CallLog());
        Assert.Equal(Concat(Concat(Enumerable.Range(0, 10).Select(k => Payload(0, k)).ToArray()), Silence(640)), sink.Channel(0, session.Format));
        Assert.Empty(sink.Gaps);
        Assert.Equal(0, session.Counters.Late);
    }

    [Fact]
    public async Task Lost_packets_become_an_exact_loss_gap_of_silence_and_a_late_one_is_dropped()
    {
        var plan = PlanOf(PcmaStream);
        await using var session = Open(plan);
        using var sender = new RtpSender();
        void Send(int k) => sender.Send(session.Ports[0], 8, k, (uint)(k * 160), 7, Payload(0, k));

        foreach (var k in Enumerable.Range(0, 10).Where(k => k is < 3 or > 5))
        {
            Send(k);
        }

        await ReceivedAsync(session, 7);
        Advance(280);
        Send(4);
        foreach (var k in Enumerable.Range(10, 4))
        {
            Send(k);
        }

        await ReceivedAsync(session, 12);
        await session.EndAsync(SessionEndReason.Bye, CancellationToken.None);

        Assert.Equal(["append 0+200", "gap 0 60-120 loss", "append 200+80", "end Bye"], sink.CallLog());
        Assert.Equal(new MediaGap(0, TimeSpan.FromMilliseconds(60), TimeSpan.FromMilliseconds(120), "loss"), Assert.Single(sink.Gaps));
        var expected = Concat(
            Concat(Enumerable.Range(0, 3).Select(k => Payload(0, k)).ToArray()),
            Silence(480),
            Concat(Enumerable.Range(6, 8).Select(k => Payload(0, k)).ToArray()));
        Assert.Equal(expected, sink.Channel(0, session.Format));
        Assert.Equal(new MediaCounters(12, 3, 1, 0, 0) { Gaps = 1 }, session.Counters);
    }

    [Fact]
    public async Task A_new_SSRC_is_re_anchored_at_its_arrival_and_the_silence_before_it_is_a_silence_timeout_gap()
    {
        var plan = PlanOf(PcmaStream);
        await using var session = Open(plan, chunkMs: 1000);
        using var sender = new RtpSender();

        for (var k = 0; k < 10; k++)
        {
            sender.Send(session.Ports[0], 8, k, 1000u + (uint)(k * 160), 0xAAAA0001, Payload(0, k));
        }

        await ReceivedAsync(session, 10);
        Advance(300);
        for (var k = 0; k < 10; k++)
        {
            sender.Send(session.Ports[0], 8, 5000 + k, 777u + (uint)(k * 160), 0xBBBB0002, Payload(1, k));
        }

        await ReceivedAsync(session, 20);
        await session.EndAsync(SessionEndReason.Bye, CancellationToken.None);

        Assert.Equal(["append 0+500", "gap 0 200-300 silence-timeout", "end Bye"], sink.CallLog());
        var expected = Concat(
            Concat(Enumerable.Range(0, 10).Select(k => Payload(0, k)).ToArray()),
            Silence(800),
            Concat(Enumerable.Range(0, 10).Select(k => Payload(1, k)).ToArray()));
        Assert.Equal(expected, sink.Channel(0, session.Format));
        Assert.Equal(1, session.Counters.SourceChanges);
        Assert.Equal(0, session.Counters.Lost);
    }

    [Fact]
    public async Task Comfort_noise_silence_suppression_and_telephone_events_are_silence_not_gaps()
    {
        var plan = PlanOf(PcmaStream);
        await using var session = Open(plan);
        using var sender = new RtpSender();
        var port = session.Ports[0];

        for (var k = 0; k < 5; k++)
        {
            sender.Send(port, 8, k, (uint)(k * 160), 9, Payload(0, k));           // 0-100 ms
        }

        sender.Send(port, 13, 5, 800, 9, [0x40]);                                   // comfort noise at 100 ms
        for (var k = 6; k < 9; k++)
        {
            sender.Send(port, 8, k, 4800u + (uint)((k - 6) * 160), 9, Payload(0, k)); // 600-660 ms
        }

        sender.Send(port, 8, 9, 8000, 9, Payload(0, 9));                            // 1000-1020 ms: a jump, consecutive sequence
        sender.Send(port, 101, 10, 8160, 9, [0x05, 0x0A, 0x00, 0xA0]);              // telephone-event at 1020 ms
        sender.Send(port, 101, 11, 8160, 9, [0x05, 0x8A, 0x01, 0x40]);              // its end
        sender.Send(port, 8, 12, 8480, 9, Payload(0, 12));                           // 1060-1080 ms
        sender.Send(port, 96, 13, 8640, 9, Payload(0, 13));                          // an unknown payload type: ignored

        await ReceivedAsync(session, 14);
        await session.EndAsync(SessionEndReason.Bye, CancellationToken.None);

        var expected = Concat(
            Concat(Enumerable.Range(0, 5).Select(k => Payload(0, k)).ToArray()),
            Silence(4000),
            Concat(Enumerable.Range(6, 3).Select(k => Payload(0, k)).ToArray()),
            Silence(2720),
            Payload(0, 9),
            Silence(320),
            Payload(0, 12));
        Assert.Equal(expected, sink.Channel(0, session.Format));
        Assert.Empty(sink.Gaps);
        Assert.Equal(new MediaCounters(14, 0, 0, 0, 1) { ComfortNoise = 1, TelephoneEvents = 2 }, session.Counters);
    }

    [Fact]
    public async Task Pause_drops_what_arrives_and_stored_media_continues_at_the_pause_time_after_resume()
    {
        var plan = PlanOf(PcmaStream);
        await using var session = Open(plan, chunkMs: 1000);
        using var sender = new RtpSender();
        void Send(int k, byte[] payload) => sender.Send(session.Ports[0], 8, k, (uint)(k * 160), 5, payload);

        for (var k = 0; k < 10; k++)
        {
            Send(k, Payload(0, k));
        }

        await ReceivedAsync(session, 10);
        Advance(250);
        await session.PauseAsync("re-INVITE a=inactive", CancellationToken.None);
        Assert.True(session.IsPaused);

        var secret = Enumerable.Repeat((byte)0x11, 160).ToArray();
        for (var k = 10; k < 20; k++)
        {
            Send(k, secret);
        }

        await ReceivedAsync(session, 20);
        Advance(5000);
        await session.ResumeAsync(CancellationToken.None);
        for (var k = 20; k < 30; k++)
        {
            Send(k, Payload(0, k));
        }

        await ReceivedAsync(session, 30);
        await session.EndAsync(SessionEndReason.Bye, CancellationToken.None);

        Assert.Equal(["append 0+250", "pause 250", "resume 250", "append 250+200", "end Bye"], sink.CallLog());
        Assert.Equal("re-INVITE a=inactive", Assert.Single(sink.Pauses).Reason);
        var stored = sink.Channel(0, session.Format);
        var expected = Concat(
            Concat(Enumerable.Range(0, 10).Select(k => Payload(0, k)).ToArray()),
            Silence(400),
            Concat(Enumerable.Range(20, 10).Select(k => Payload(0, k)).ToArray()));
        Assert.Equal(expected, stored);
        Assert.DoesNotContain((byte)0x11, stored.Skip(1600).Take(400));
        Assert.Equal(10, session.Counters.DroppedWhilePaused);
        Assert.Empty(sink.Gaps);
    }

    [Fact]
    public async Task A_sink_that_refuses_media_faults_Failure_and_the_session_still_ends()
    {
        var plan = PlanOf(PcmaStream);
        await using var session = Open(plan);
        sink.OnAppend = (_, _) => throw new RecordingUnavailableException("grid down", TimeSpan.FromSeconds(5));
        using var sender = new RtpSender();
        for (var k = 0; k < 10; k++)
        {
            sender.Send(session.Ports[0], 8, k, (uint)(k * 160), 5, Payload(0, k));
        }

        await ReceivedAsync(session, 10);
        Advance(280);

        var error = await Assert.ThrowsAsync<RecordingUnavailableException>(() => session.Failure);
        Assert.Equal("grid down", error.Message);
        sender.Send(session.Ports[0], 8, 10, 1600, 5, Payload(0, 10));
        await ReceivedAsync(session, 11);
        Assert.Equal(1, session.Counters.Ignored);

        await session.EndAsync(SessionEndReason.GridUnavailable, CancellationToken.None);
        Assert.Equal(["end GridUnavailable"], sink.CallLog());
        Assert.Equal(0, pool.InUse);
    }

    [Fact]
    public async Task A_sink_that_falls_behind_the_bound_faults_Failure_without_blocking_reception()
    {
        var plan = PlanOf(PcmaStream);
        await using var session = Open(plan, chunkMs: 100, o => o.MaxPendingChunks = 2);
        var stalled = new TaskCompletionSource();
        sink.OnAppend = (_, token) => stalled.Task.WaitAsync(token);

        Advance(1000);

        var error = await Assert.ThrowsAsync<RecordingUnavailableException>(() => session.Failure);
        Assert.Contains("fell behind", error.Message, StringComparison.Ordinal);
        using var sender = new RtpSender();
        sender.Send(session.Ports[0], 8, 0, 0, 5, Payload(0, 0));
        await ReceivedAsync(session, 1);

        await session.EndAsync(SessionEndReason.GridUnavailable, CancellationToken.None);
        Assert.Equal(["end GridUnavailable"], sink.CallLog());
    }

    [Fact]
    public async Task Different_laws_are_stored_as_L16_decoded_per_channel()
    {
        var plan = PlanOf(PcmuStream, PcmaStream);
        await using var session = Open(plan);
        using var sender = new RtpSender();
        var ulaw = Payload(0, 0);
        var alaw = Payload(1, 0);
        sender.Send(session.Ports[0], 0, 1, 0, 1, ulaw);
        sender.Send(session.Ports[1], 8, 1, 0, 2, alaw);

        await ReceivedAsync(session, 2);
        await session.EndAsync(SessionEndReason.Bye, CancellationToken.None);

        Assert.Equal(new MediaFormat(MediaCodec.L16, 8000, 2), session.Format);
        var left = sink.Channel(0, session.Format);
        var right = sink.Channel(1, session.Format);
        Assert.Equal(ulaw.Select(G711.UlawToLinear), Enumerable.Range(0, 160).Select(i => BinaryPrimitives.ReadInt16BigEndian(left.AsSpan(2 * i))));
        Assert.Equal(alaw.Select(G711.AlawToLinear), Enumerable.Range(0, 160).Select(i => BinaryPrimitives.ReadInt16BigEndian(right.AsSpan(2 * i))));
    }

    [Fact]
    public async Task Another_source_address_is_dropped_while_the_latched_one_sends_and_taken_after_it_falls_silent()
    {
        var plan = PlanOf(PcmaStream);
        await using var session = Open(plan, chunkMs: 1000, o => o.RelatchAfter = TimeSpan.FromMilliseconds(500));
        using var first = new RtpSender();
        using var intruder = new RtpSender();

        first.Send(session.Ports[0], 8, 0, 0, 5, Payload(0, 0));
        await ReceivedAsync(session, 1);
        intruder.Send(session.Ports[0], 8, 1, 160, 5, Payload(9, 1));
        await ReceivedAsync(session, 2);
        Assert.Equal(1, session.Counters.ForeignSource);

        Advance(600);
        intruder.Send(session.Ports[0], 8, 1, 160, 5, Payload(1, 1));
        await ReceivedAsync(session, 3);
        await session.EndAsync(SessionEndReason.Bye, CancellationToken.None);

        Assert.Equal(Concat(Payload(0, 0), Payload(1, 1), Silence(4480)), sink.Channel(0, session.Format));
        Assert.Equal(1, session.Counters.ForeignSource);
    }

    [Fact]
    public async Task RTCP_and_malformed_datagrams_are_counted_not_stored()
    {
        var plan = PlanOf(PcmaStream);
        await using var session = Open(plan);
        using var sender = new RtpSender();

        sender.SendRaw(session.Ports[0] + 1, [0x80, 200, 0x00, 0x06, 0, 0, 0, 5, 1, 2, 3, 4, 5, 6, 7, 8]);
        sender.SendRaw(session.Ports[0], [0x81, 201, 0x00, 0x01, 0, 0, 0, 5]);
        sender.SendRaw(session.Ports[0], [0x40, 8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 5, 1, 2]);
        sender.Send(session.Ports[0], 8, 1, 0, 5, Payload(0, 1));

        await RtpSender.UntilAsync(() => session.Counters is { Received: 1, Rtcp: 2, Malformed: 1 }, "the datagrams");
        await session.EndAsync(SessionEndReason.Bye, CancellationToken.None);

        Assert.Equal(Payload(0, 1), sink.Channel(0, session.Format));
    }

    [Fact]
    public async Task A_stream_that_stops_gets_a_trailing_silence_timeout_and_one_that_never_sends_a_no_media_gap()
    {
        var plan = PlanOf(PcmaStream, PcmaStream);
        await using var session = Open(plan, chunkMs: 1000);
        using var sender = new RtpSender();
        for (var k = 0; k < 10; k++)
        {
            sender.Send(session.Ports[0], 8, k, (uint)(k * 160), 5, Payload(0, k));
        }

        await ReceivedAsync(session, 10);
        Advance(500);
        await session.EndAsync(SessionEndReason.SourceVanished, CancellationToken.None);

        Assert.Equal(["append 0+500", "gap 1 0-500 no-media", "gap 0 200-500 silence-timeout", "end SourceVanished"], sink.CallLog());
        Assert.Equal(Silence(4000), sink.Channel(1, session.Format));
    }

    [Fact]
    public async Task Metadata_updates_reach_the_sink_in_order_with_the_media()
    {
        var plan = PlanOf(PcmaStream);
        await using var session = Open(plan);
        var metadata = RecordingMetadata.Empty with { SessionIds = ["x"] };

        Advance(280);
        await session.UpdateMetadataAsync(metadata, CancellationToken.None);
        Advance(200);
        await session.EndAsync(SessionEndReason.Bye, CancellationToken.None);

        Assert.Equal(["append 0+200", "metadata", "append 200+200", "append 400+80", "gap 0 0-480 no-media", "end Bye"], sink.CallLog());
        Assert.Same(metadata, Assert.Single(sink.Metadata));
    }

    [Fact]
    public async Task Ending_twice_is_one_end_and_an_exhausted_pool_is_a_typed_refusal()
    {
        var small = new RtpPortPool(43000, 43003);
        var plan = PlanOf(PcmaStream, PcmaStream);
        var options = new MediaSessionOptions();
        var session = MediaSession.Create(plan, small, options, time, NullLogger.Instance);

        Assert.Equal(small.First, session.Ports[0]);
        var refused = Assert.Throws<RecordingUnavailableException>(() => MediaSession.Create(plan, small, options, time, NullLogger.Instance));
        Assert.Contains("No RTP ports are free", refused.Message, StringComparison.Ordinal);

        session.Start(sink);
        var end = session.EndAsync(SessionEndReason.Bye, CancellationToken.None);
        Assert.Same(end, session.EndAsync(SessionEndReason.Shutdown, CancellationToken.None));
        await end;
        await session.DisposeAsync();

        Assert.Equal(["end Bye"], sink.CallLog());
        Assert.Equal(0, small.InUse);
        Assert.Throws<ObjectDisposedException>(() => session.Start(sink));
    }

    [Fact]
    public async Task Loss_across_the_sequence_wrap_is_counted_and_placed_exactly()
    {
        var plan = PlanOf(PcmaStream);
        await using var session = Open(plan);
        using var sender = new RtpSender();
        foreach (var (sequence, k) in new[] { (65533, 0), (65534, 1), (1, 4), (2, 5) })
        {
            sender.Send(session.Ports[0], 8, sequence, 0xFFFFFE00u + (uint)(k * 160), 3, Payload(0, k));
        }

        await ReceivedAsync(session, 4);
        await session.EndAsync(SessionEndReason.Bye, CancellationToken.None);

        Assert.Equal(["append 0+120", "gap 0 40-80 loss", "end Bye"], sink.CallLog());
        Assert.Equal(Concat(Payload(0, 0), Payload(0, 1), Silence(320), Payload(0, 4), Payload(0, 5)), sink.Channel(0, session.Format));
        Assert.Equal(2, session.Counters.Lost);
    }

    [Fact]
    public async Task In_order_packets_delayed_past_the_window_are_kept_after_the_delivered_media_with_a_late_gap()
    {
        var plan = PlanOf(PcmaStream);
        await using var session = Open(plan);
        using var sender = new RtpSender();
        void Send(int k) => sender.Send(session.Ports[0], 8, k, (uint)(k * 160), 4, Payload(0, k));

        for (var k = 0; k < 10; k++)
        {
            Send(k);
        }

        await ReceivedAsync(session, 10);
        Advance(500);
        Assert.Equal(TimeSpan.FromMilliseconds(400), session.Delivered);
        for (var k = 10; k < 15; k++)
        {
            Send(k);
        }

        await ReceivedAsync(session, 15);
        await session.EndAsync(SessionEndReason.Bye, CancellationToken.None);

        Assert.Equal(["append 0+200", "append 200+200", "append 400+160", "gap 0 200-460 late", "end Bye"], sink.CallLog());
        Assert.Equal(
            Concat(Concat(Enumerable.Range(0, 10).Select(k => Payload(0, k)).ToArray()), Silence(2080), Concat(Enumerable.Range(10, 5).Select(k => Payload(0, k)).ToArray())),
            sink.Channel(0, session.Format));
        Assert.Equal(new MediaCounters(15, 0, 0, 0, 0) { Reanchored = 1, Gaps = 1 }, session.Counters);
    }

    [Fact]
    public async Task A_sequence_restart_on_the_same_SSRC_is_a_new_source_placed_after_the_old_one()
    {
        var plan = PlanOf(PcmaStream);
        await using var session = Open(plan);
        using var sender = new RtpSender();
        for (var k = 0; k < 5; k++)
        {
            sender.Send(session.Ports[0], 8, k, (uint)(k * 160), 9, Payload(0, k));
        }

        await ReceivedAsync(session, 5);
        for (var k = 0; k < 5; k++)
        {
            sender.Send(session.Ports[0], 8, 10000 + k, 50000u + (uint)(k * 160), 9, Payload(1, k));
        }

        await ReceivedAsync(session, 10);
        await session.EndAsync(SessionEndReason.Bye, CancellationToken.None);

        Assert.Equal(
            Concat(Concat(Enumerable.Range(0, 5).Select(k => Payload(0, k)).ToArray()), Concat(Enumerable.Range(0, 5).Select(k => Payload(1, k)).ToArray())),
            sink.Channel(0, session.Format));
        Assert.Empty(sink.Gaps);
        Assert.Equal((1, 0), (session.Counters.SourceChanges, session.Counters.Lost));
    }

    [Fact]
    public async Task On_the_real_clock_chunks_are_delivered_by_the_timer_and_the_media_is_complete()
    {
        var plan = PlanOf(PcmaStream);
        var options = new MediaSessionOptions { ChunkDuration = TimeSpan.FromMilliseconds(100), ReorderWindow = TimeSpan.FromMilliseconds(20) };
        await using var session = MediaSession.Create(plan, pool, options, TimeProvider.System, NullLogger.Instance);
        session.Start(sink);
        using var sender = new RtpSender();
        for (var k = 0; k < 25; k++)
        {
            sender.Send(session.Ports[0], 8, k, (uint)(k * 160), 6, Payload(0, k));
        }

        await ReceivedAsync(session, 25);
        await RtpSender.UntilAsync(() => session.Delivered >= TimeSpan.FromMilliseconds(300), "three chunks on the timer");
        await session.EndAsync(SessionEndReason.Bye, CancellationToken.None);

        var stored = sink.Channel(0, session.Format);
        Assert.Equal(Concat(Enumerable.Range(0, 25).Select(k => Payload(0, k)).ToArray()), stored.Where(b => b != A));
        Assert.True(sink.Chunks.Count >= 4);
        Assert.Equal("end Bye", sink.CallLog()[^1]);
        Assert.True(session.Failure.IsCompletedSuccessfully);
    }
}
