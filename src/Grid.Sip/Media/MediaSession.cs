using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Grid.Sip.Metadata;
using Grid.Sip.Recording;
using Microsoft.Extensions.Logging;

namespace Grid.Sip.Media;

/// <summary>
/// The media of one recording session: one RTP receiver per recorded stream (bound to the ports the answer
/// offers), a small reorder window, sequence/timestamp/SSRC tracking, comfort noise and telephone-event handling, and
/// the assembly of the streams into the channels of <see cref="Format"/> in media time. It is the only caller of the
/// session's <see cref="IRecordingSink"/> (so sink calls are serialised): chunks every
/// <see cref="MediaSessionOptions.ChunkDuration"/>, gaps as they are found, pause/resume at the media time they
/// happen, metadata updates, and the end.
/// </summary>
/// <remarks>
/// <para><b>Sockets.</b> Each recorded stream gets an RTP socket on an even port and an RTCP socket on the next one
/// (drained and counted, not interpreted; with a=rtcp-mux RTCP on the RTP port is recognised and counted too). Ports
/// come from the <see cref="RtpPortPool"/> as consecutive pairs P, P+2 (channel order).</para>
/// <para><b>Source address.</b> A stream latches to the address of its first packet. Packets from another address are
/// dropped (counted in <see cref="MediaCounters.ForeignSource"/>, logged once per address) while the latched one keeps
/// sending; once the latched address has been silent for <see cref="MediaSessionOptions.RelatchAfter"/>, the next
/// packet from a new address re-latches the stream (an SRC failover). So a stray or spoofed sender cannot mix into a
/// live stream, and a failover still records.</para>
/// <para><b>Media time.</b> Media time 0 is <see cref="Start"/>; it runs with the (monotonic) clock of the injected
/// <see cref="TimeProvider"/> and stands still while paused. Each source (SSRC) of a stream is anchored at the media
/// time its first packet arrives (no earlier than the end of the media already received on that stream); its later
/// packets are placed by their RTP timestamp (32-bit wrap, 16-bit sequence wrap handled) relative to that anchor, so
/// reordering within the window, timestamp jumps with consecutive sequence numbers (silence suppression) and loss all
/// land at their exact place. A new SSRC, or a sequence jump of more than 3000 (RFC 3550 A.1), re-anchors. A source
/// whose timestamps run more than <see cref="MediaSessionOptions.MaxTimestampLead"/> ahead of the clock, or whose
/// in-order packets fall behind the delivered media (a slower sender clock), is re-anchored in place.</para>
/// <para><b>Delivery.</b> A chunk is appended once the media time of its end plus the reorder window has passed.
/// Where no packet wrote, the chunk holds the codec's silence (A-law 0xD5, µ-law 0xFF, L16 0). Packets that arrive
/// after their media was delivered are dropped (<see cref="MediaCounters.Late"/>). Two channels are interleaved
/// sample by sample, channel 0 first.</para>
/// <para><b>Gaps</b> (reported after the chunk that contains their end, ordered by start then channel):
/// <list type="bullet">
/// <item><c>loss</c>: sequence numbers missing between two received packets of one source — from the end of the
/// earlier packet's media to the start of the later one's.</item>
/// <item>Not a gap: a timestamp jump with consecutive sequence numbers (silence suppression / DTX), and anything after
/// a comfort noise (PT 13) or telephone-event packet until the next packet.</item>
/// <item><c>silence-timeout</c>: a source that stopped without comfort noise, when the silence that follows is longer
/// than the reorder window and the stream then changes source (from the old source's end to the new source's first
/// media), pauses or ends (from the source's end to the pause or end). Shorter trailing silences are transit jitter,
/// not gaps. Silence between two packets of one source is decided by their sequence numbers, never by its length.</item>
/// <item><c>no-media</c>: a stream that delivered no packet at all between the start (or a resume) and the next pause
/// or the end, for that whole span (when longer than the reorder window).</item>
/// <item>Not a gap: the silence of a channel before its stream's first packet (at the start or after a resume) when the
/// stream then does send: the SRC had not started it yet.</item>
/// <item><c>late</c>: a source whose in-order packets arrive after their media was delivered (a delay spike
/// beyond the window, a slower sender clock) is re-anchored just after the delivered media instead of losing everything
/// from then on; the silence inserted before its next media is this gap. A lone packet that arrives after its
/// successors were delivered is only counted (<see cref="MediaCounters.Late"/>): its span was reported as
/// <c>loss</c>.</item>
/// </list></para>
/// <para><b>Payload types.</b> The planned codec is stored; comfort noise (13) is silence; the planned telephone-event
/// type is counted and not stored as audio; any other type is counted as ignored and its media is missing (it shows
/// as a <c>loss</c> gap when audio continues after it).</para>
/// <para><b>Pause.</b> <see cref="PauseAsync"/> delivers everything received so far up to the current media time
/// (or the end of the media received, if later), reports that segment's trailing gaps, calls the sink's PauseAsync
/// at that media time and freezes media time; packets that arrive while paused are dropped on receipt
/// (<see cref="MediaCounters.DroppedWhilePaused"/>). <see cref="ResumeAsync"/> calls the sink's ResumeAsync at the
/// same media time and starts a new segment (sources re-anchor). The paused span is not in the stored media.</para>
/// <para><b>Sink.</b> All sink calls run one at a time, in media order, on one writer loop fed by a queue; the socket
/// loops never wait for the sink. If the sink throws (<see cref="RecordingUnavailableException"/> or anything else),
/// or more than <see cref="MediaSessionOptions.MaxPendingChunks"/> chunks wait for it, <see cref="Failure"/> faults
/// and later media is dropped; the server then ends the session. The sink is not disposed by the session.</para>
/// </remarks>
public sealed class MediaSession : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly MediaPlan plan;
    private readonly RtpPortPool pool;
    private readonly MediaSessionOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly long origin;
    private readonly Receiver[] receivers;
    private readonly int firstPort;
    private readonly int[] ports;
    private readonly CounterSet counters = new();
    private readonly MediaTimeline timeline;
    private readonly Channel<SinkOperation> queue = Channel.CreateUnbounded<SinkOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource failure = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> loops = [];
    private IRecordingSink? sink;
    private ITimer? timer;
    private Task? writer;
    private Task? ending;
    private int pendingChunks;
    private volatile bool failed;
    private bool portsReleased;
    private bool endDelivered;
    private DateTimeOffset lastPacketAt;

    private MediaSession(MediaPlan plan, RtpPortPool pool, MediaSessionOptions options, TimeProvider time, ILogger logger, int firstPort, Receiver[] receivers)
    {
        this.plan = plan;
        this.pool = pool;
        this.options = options;
        this.time = time;
        this.logger = logger;
        this.firstPort = firstPort;
        this.receivers = receivers;
        origin = time.GetTimestamp();
        lastPacketAt = time.GetUtcNow();
        ports = plan.Streams.Select(s => s.Recorded ? firstPort + (2 * s.Channel) : 0).ToArray();
        timeline = new MediaTimeline(plan, options, counters, logger, Enqueue);
    }

    /// <summary>
    /// Binds the RTP (and RTCP, port + 1) sockets of every recorded stream of <paramref name="plan"/>. Throws
    /// <see cref="RecordingUnavailableException"/> when the port pool is exhausted or no reservation could be bound
    /// (the server answers 503), <see cref="ArgumentException"/> for invalid options.
    /// </summary>
    public static MediaSession Create(MediaPlan plan, RtpPortPool ports, MediaSessionOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        var recorded = plan.RecordedStreams.ToArray();
        if (recorded.Length == 0 || recorded.Length != plan.Format.Channels || recorded.Select(s => s.Channel).Distinct().Count() != recorded.Length
            || recorded.Any(s => s.Channel < 0 || s.Channel >= recorded.Length))
        {
            throw new ArgumentException("The plan must record 1 or 2 streams on distinct channels matching its format; build it with MediaPlan.Plan.", nameof(plan));
        }

        var address = IPAddress.Parse(options.BindAddress);
        for (var attempt = 0; attempt < 16; attempt++)
        {
            var first = ports.Reserve(recorded.Length)
                ?? throw new RecordingUnavailableException($"No RTP ports are free ({ports.Capacity} pairs from {ports.First}); the server is at its media capacity.", TimeSpan.FromSeconds(30));
            var bound = new List<Socket>();
            try
            {
                var receivers = new Receiver[recorded.Length];
                for (var channel = 0; channel < recorded.Length; channel++)
                {
                    var port = first + (2 * channel);
                    var rtp = Bind(address, port);
                    bound.Add(rtp);
                    var rtcp = Bind(address, port + 1);
                    bound.Add(rtcp);
                    receivers[channel] = new Receiver(channel, port, rtp, rtcp);
                }

                var session = new MediaSession(plan, ports, options, time, logger, first, receivers);
                MediaLog.Bound(logger, string.Join(',', session.ports), options.BindAddress, plan.Format.MediaType);
                return session;
            }
            catch (SocketException e)
            {
                foreach (var socket in bound)
                {
                    socket.Dispose();
                }

                ports.Release(first, recorded.Length);
                MediaLog.BindFailed(logger, first, e.SocketErrorCode.ToString());
            }
        }

        throw new RecordingUnavailableException("No reserved RTP port pair could be bound (16 attempts); other processes hold the configured range.", TimeSpan.FromSeconds(30));
    }

    /// <summary>The stored layout.</summary>
    public MediaFormat Format => plan.Format;

    /// <summary>The RTP port bound for each stream of the plan, in plan order (0 for a stream not recorded).</summary>
    public IReadOnlyList<int> Ports => ports;

    /// <summary>When the last RTP packet (any stream) arrived; the session's start before the first.</summary>
    public DateTimeOffset LastPacketAt
    {
        get
        {
            lock (gate)
            {
                return lastPacketAt;
            }
        }
    }

    /// <summary>RTP packets received, lost (by sequence) and dropped (late, paused, unknown payload) so far.</summary>
    public MediaCounters Counters
    {
        get
        {
            lock (gate)
            {
                return counters.Snapshot();
            }
        }
    }

    /// <summary>
    /// Completes (faulted) when the sink refused media (<see cref="RecordingUnavailableException"/>): the server then ends the session with a BYE.
    /// Also faults with whatever else the sink threw, or with a <see cref="RecordingUnavailableException"/> when more than
    /// <see cref="MediaSessionOptions.MaxPendingChunks"/> chunks wait for a slow sink. Completes successfully when the
    /// session ends (<see cref="EndAsync"/> or <see cref="DisposeAsync"/>) without a failure.
    /// </summary>
    public Task Failure => failure.Task;

    /// <summary>Media time delivered to the sink so far (the end of the last chunk queued for it).</summary>
    public TimeSpan Delivered
    {
        get
        {
            lock (gate)
            {
                return timeline.Delivered;
            }
        }
    }

    /// <summary>Starts receiving and delivering to <paramref name="sink"/>; media time 0 is now.</summary>
    public void Start(IRecordingSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(ending is not null, this);
            if (this.sink is not null)
            {
                throw new InvalidOperationException("The media session is started already.");
            }

            this.sink = sink;
            lastPacketAt = time.GetUtcNow();
            timeline.Start(Now());
            writer = Task.Run(WriteAsync);
            timer = time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Schedule();
        }

        foreach (var receiver in receivers)
        {
            loops.Add(Task.Run(() => ReceiveRtpAsync(receiver)));
            loops.Add(Task.Run(() => DrainRtcpAsync(receiver)));
        }
    }

    /// <summary>Pauses: packets that arrive are dropped on receipt (never buffered or written); the sink hears PauseAsync at the current media time.</summary>
    /// <remarks>Idempotent; the sink call is queued in media order (this does not wait for the sink).</remarks>
    public ValueTask PauseAsync(string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        lock (gate)
        {
            RequireStarted();
            if (timeline.Pause(Now(), reason) is { } at)
            {
                timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                MediaLog.Paused(logger, at, reason);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Resumes after a pause; media time continues (the paused span is not in the stored media).</summary>
    /// <remarks>Idempotent; the sink call is queued in media order.</remarks>
    public ValueTask ResumeAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            RequireStarted();
            if (timeline.Resume(Now()) is { } at)
            {
                MediaLog.Resumed(logger, at);
                Schedule();
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Whether the session is paused now.</summary>
    public bool IsPaused
    {
        get
        {
            lock (gate)
            {
                return timeline.IsPaused;
            }
        }
    }

    /// <summary>Passes merged metadata to the sink, in order with the media.</summary>
    /// <remarks>Queued after the media delivered so far; does not wait for the sink.</remarks>
    public ValueTask UpdateMetadataAsync(RecordingMetadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        lock (gate)
        {
            RequireStarted();
            timeline.UpdateMetadata(metadata);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Flushes what is buffered (the reorder window), reports trailing gaps, ends the sink, releases the ports.</summary>
    /// <remarks>
    /// Media time ends at the current media time, or at the end of the media received if that is later. The ports are
    /// released before the sink is awaited. After a <see cref="Failure"/>, the sink's EndAsync is still called (its
    /// exception is logged, not thrown). Calling it again returns the same task.
    /// </remarks>
    public Task EndAsync(SessionEndReason reason, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (ending is null)
            {
                try
                {
                    timeline.End(Now(), reason);
                }
                catch (Exception e)
                {
                    MediaLog.MediaFailed(logger, e, e.Message);
                    Fail(e);
                }

                queue.Writer.TryComplete();
                timer?.Dispose();
                ending = Task.Run(() => FinishAsync(reason, cancellationToken), CancellationToken.None);
            }

            return ending;
        }
    }

    /// <summary>Abandons the session if it was not ended: stops receiving, releases the ports; the sink is not ended. Prefer <see cref="EndAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? finish;
        lock (gate)
        {
            finish = ending;
            if (finish is null)
            {
                // Abandoned: nothing more reaches the sink (not even its end).
                failed = true;
                try
                {
                    timeline.End(Now(), SessionEndReason.Shutdown);
                }
                catch (Exception e)
                {
                    MediaLog.MediaFailed(logger, e, e.Message);
                }

                queue.Writer.TryComplete();
                timer?.Dispose();
                ending = Task.CompletedTask;
            }
        }

        if (finish is not null)
        {
            try
            {
                await finish.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or RecordingUnavailableException)
            {
                // Already reported through EndAsync's task.
            }

            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        await StopReceivingAsync().ConfigureAwait(false);
        if (writer is not null)
        {
            await writer.ConfigureAwait(false);
        }

        failure.TrySetResult();
        stopping.Dispose();
    }

    private async Task FinishAsync(SessionEndReason reason, CancellationToken cancellationToken)
    {
        await StopReceivingAsync().ConfigureAwait(false);
        if (failed)
        {
            // The sink failed: whatever it is still doing is abandoned.
            await stopping.CancelAsync().ConfigureAwait(false);
        }

        if (writer is not null)
        {
            await writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (sink is not null && !endDelivered)
        {
            try
            {
                await sink.EndAsync(reason, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                MediaLog.EndAfterFailureFailed(logger, e, e.Message);
            }
        }

        failure.TrySetResult();
        MediaLog.Ended(logger, reason, Delivered, Counters);
    }

    private async Task StopReceivingAsync()
    {
        foreach (var receiver in receivers)
        {
            receiver.Rtp.Dispose();
            receiver.Rtcp.Dispose();
        }

        lock (gate)
        {
            if (!portsReleased)
            {
                portsReleased = true;
                pool.Release(firstPort, receivers.Length);
            }
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    private void RequireStarted()
    {
        if (sink is null)
        {
            throw new InvalidOperationException("Start the media session first.");
        }
    }

    private TimeSpan Now() => time.GetElapsedTime(origin);

    private void OnTimer()
    {
        lock (gate)
        {
            try
            {
                timeline.Tick(Now());
                Schedule();
            }
            catch (Exception e)
            {
                // Never let a defect escape a timer callback (it would end the process): fail this session only.
                MediaLog.MediaFailed(logger, e, e.Message);
                Fail(e);
            }
        }
    }

    private void Schedule()
    {
        if (timer is null || timeline.NextDue() is not { } due)
        {
            return;
        }

        var delay = due - Now();
        timer.Change(delay > TimeSpan.Zero ? delay : TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
    }

    /// <summary>Queues a sink call (called under the lock, in media order); never blocks.</summary>
    private void Enqueue(SinkOperation operation)
    {
        if (failed)
        {
            return;
        }

        if (operation.Kind == SinkOperationKind.Append && Interlocked.Increment(ref pendingChunks) > options.MaxPendingChunks)
        {
            MediaLog.SinkBehind(logger, pendingChunks, options.MaxPendingChunks);
            Fail(new RecordingUnavailableException(
                $"The recording sink fell behind: more than {options.MaxPendingChunks} chunks were waiting for it.", TimeSpan.Zero));
            return;
        }

        queue.Writer.TryWrite(operation);
    }

    private void Fail(Exception error)
    {
        failed = true;
        queue.Writer.TryComplete();
        failure.TrySetException(error);
    }

    private async Task WriteAsync()
    {
        var target = sink!;
        var token = stopping.Token;
        try
        {
            await foreach (var operation in queue.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                if (failed)
                {
                    break;
                }

                switch (operation.Kind)
                {
                    case SinkOperationKind.Append:
                        await target.AppendAsync(operation.Chunk!, token).ConfigureAwait(false);
                        Interlocked.Decrement(ref pendingChunks);
                        break;
                    case SinkOperationKind.Gap:
                        await target.ReportGapAsync(operation.Gap!, token).ConfigureAwait(false);
                        break;
                    case SinkOperationKind.Pause:
                        await target.PauseAsync(operation.At, operation.Reason!, token).ConfigureAwait(false);
                        break;
                    case SinkOperationKind.Resume:
                        await target.ResumeAsync(operation.At, token).ConfigureAwait(false);
                        break;
                    case SinkOperationKind.Metadata:
                        await target.UpdateMetadataAsync(operation.Metadata!, token).ConfigureAwait(false);
                        break;
                    case SinkOperationKind.End:
                        endDelivered = true;
                        await target.EndAsync(operation.EndReason, token).ConfigureAwait(false);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Abandoned (DisposeAsync).
        }
        catch (Exception e)
        {
            MediaLog.SinkFailed(logger, e, e.Message);
            lock (gate)
            {
                Fail(e);
            }
        }
    }

    private async Task ReceiveRtpAsync(Receiver receiver)
    {
        var buffer = new byte[8192];
        var from = new SocketAddress(receiver.Rtp.AddressFamily);
        while (true)
        {
            int length;
            try
            {
                length = await receiver.Rtp.ReceiveFromAsync(buffer, SocketFlags.None, from).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted or SocketError.NotSocket)
            {
                return;
            }
            catch (SocketException e)
            {
                // ICMP port unreachable (ConnectionReset) or an oversized datagram: keep receiving.
                MediaLog.ReceiveFailed(logger, receiver.Port, e.SocketErrorCode.ToString());
                continue;
            }

            try
            {
                OnDatagram(receiver, buffer.AsSpan(0, length), from);
            }
            catch (Exception e)
            {
                MediaLog.MediaFailed(logger, e, e.Message);
                lock (gate)
                {
                    Fail(e);
                }
            }
        }
    }

    private async Task DrainRtcpAsync(Receiver receiver)
    {
        var buffer = new byte[2048];
        var from = new SocketAddress(receiver.Rtcp.AddressFamily);
        while (true)
        {
            try
            {
                await receiver.Rtcp.ReceiveFromAsync(buffer, SocketFlags.None, from).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted or SocketError.NotSocket)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            lock (gate)
            {
                counters.Rtcp++;
            }
        }
    }

    private void OnDatagram(Receiver receiver, ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        if (RtpPacket.IsRtcp(datagram))
        {
            lock (gate)
            {
                counters.Rtcp++;
            }

            return;
        }

        if (!RtpPacket.TryParse(datagram, out var packet, out var error))
        {
            bool first;
            lock (gate)
            {
                first = counters.Malformed++ == 0;
            }

            if (first)
            {
                MediaLog.Malformed(logger, receiver.Port, error!);
            }

            return;
        }

        lock (gate)
        {
            counters.Received++;
            var wallNow = time.GetUtcNow();
            lastPacketAt = wallNow;
            if (failed)
            {
                counters.Ignored++;
                return;
            }

            if (!Latch(receiver, from, wallNow))
            {
                counters.ForeignSource++;
                return;
            }

            timeline.OnPacket(receiver.Channel, packet, packet.Payload(datagram), Now());
        }
    }

    /// <summary>The source address policy (under the lock): latch the first, re-latch after silence, drop others.</summary>
    private bool Latch(Receiver receiver, SocketAddress from, DateTimeOffset now)
    {
        if (receiver.Latched is null)
        {
            receiver.Latched = Copy(from);
            receiver.LatchedSeenAt = now;
            MediaLog.Latched(logger, receiver.Channel, ToEndPoint(from));
            return true;
        }

        if (receiver.Latched.Equals(from))
        {
            receiver.LatchedSeenAt = now;
            return true;
        }

        if (now - receiver.LatchedSeenAt >= options.RelatchAfter)
        {
            MediaLog.Relatched(logger, receiver.Channel, ToEndPoint(receiver.Latched), ToEndPoint(from));
            receiver.Latched = Copy(from);
            receiver.LatchedSeenAt = now;
            receiver.LoggedForeign = null;
            return true;
        }

        if (receiver.LoggedForeign is null || !receiver.LoggedForeign.Equals(from))
        {
            receiver.LoggedForeign = Copy(from);
            MediaLog.ForeignSource(logger, receiver.Channel, ToEndPoint(from), ToEndPoint(receiver.Latched));
        }

        return false;
    }

    private static SocketAddress Copy(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }

    private static EndPoint? ToEndPoint(SocketAddress address)
    {
        try
        {
            return new IPEndPoint(IPAddress.Any, 0).Create(address);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static Socket Bind(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = 256 * 1024;
            socket.Bind(new IPEndPoint(address, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The sockets and source latch of one recorded stream.</summary>
    private sealed class Receiver(int channel, int port, Socket rtp, Socket rtcp)
    {
        public int Channel { get; } = channel;

        public int Port { get; } = port;

        public Socket Rtp { get; } = rtp;

        public Socket Rtcp { get; } = rtcp;

        public SocketAddress? Latched { get; set; }

        public DateTimeOffset LatchedSeenAt { get; set; }

        public SocketAddress? LoggedForeign { get; set; }
    }
}
