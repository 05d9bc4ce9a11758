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
public sealed class MediaSession : IAsyncDisposable
{
    private MediaSession() => throw new NotImplementedException();

    /// <summary>Binds the RTP (and RTCP, port + 1) sockets of every recorded stream of <paramref name="plan"/>.</summary>
    public static MediaSession Create(MediaPlan plan, RtpPortPool ports, MediaSessionOptions options, TimeProvider time, ILogger logger) =>
        throw new NotImplementedException();

    /// <summary>The stored layout.</summary>
    public MediaFormat Format => throw new NotImplementedException();

    /// <summary>The RTP port bound for each stream of the plan, in plan order (0 for a stream not recorded).</summary>
    public IReadOnlyList<int> Ports => throw new NotImplementedException();

    /// <summary>When the last RTP packet (any stream) arrived; the session's start before the first.</summary>
    public DateTimeOffset LastPacketAt => throw new NotImplementedException();

    /// <summary>RTP packets received, lost (by sequence) and dropped (late, paused, unknown payload) so far.</summary>
    public MediaCounters Counters => throw new NotImplementedException();

    /// <summary>Completes (faulted) when the sink refused media (<see cref="RecordingUnavailableException"/>): the server then ends the session with a BYE.</summary>
    public Task Failure => throw new NotImplementedException();

    /// <summary>Starts receiving and delivering to <paramref name="sink"/>; media time 0 is now.</summary>
    public void Start(IRecordingSink sink) => throw new NotImplementedException();

    /// <summary>Pauses: packets that arrive are dropped on receipt (never buffered or written); the sink hears PauseAsync at the current media time.</summary>
    public ValueTask PauseAsync(string reason, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Resumes after a pause; media time continues (the paused span is not in the stored media).</summary>
    public ValueTask ResumeAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Whether the session is paused now.</summary>
    public bool IsPaused => throw new NotImplementedException();

    /// <summary>Passes merged metadata to the sink, in order with the media.</summary>
    public ValueTask UpdateMetadataAsync(RecordingMetadata metadata, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Flushes what is buffered (the reorder window), reports trailing gaps, ends the sink, releases the ports.</summary>
    public Task EndAsync(SessionEndReason reason, CancellationToken cancellationToken) => throw new NotImplementedException();

    public ValueTask DisposeAsync() => throw new NotImplementedException();
}

/// <summary>Packet counts of a session.</summary>
public sealed record MediaCounters(long Received, long Lost, long Late, long DroppedWhilePaused, long Ignored);
