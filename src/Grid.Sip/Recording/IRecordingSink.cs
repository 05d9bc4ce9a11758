using Grid.Sip.Media;
using Grid.Sip.Metadata;

namespace Grid.Sip.Recording;

/// <summary>
/// One live Grid recording. The server calls it from one session at a time (never concurrently for one sink), in
/// media order. Implementations buffer within a bounded window and never block the SIP stack; when that window is
/// exceeded they throw <see cref="RecordingUnavailableException"/> and the server ends the session with a BYE.
/// </summary>
public interface IRecordingSink : IAsyncDisposable
{
    /// <summary>
    /// Media of <see cref="MediaChunk.Duration"/> starting at <see cref="MediaChunk.Offset"/> (session media time),
    /// laid out as <see cref="RecordingStart.Format"/> says (interleaved samples, silence where nothing arrived).
    /// </summary>
    ValueTask AppendAsync(MediaChunk chunk, CancellationToken cancellationToken);

    /// <summary>Media that was expected and did not arrive (lost packets, an SRC that stopped sending) on a channel.</summary>
    ValueTask ReportGapAsync(MediaGap gap, CancellationToken cancellationToken);

    /// <summary>The SRC paused recording (a re-INVITE with inactive streams) at media time <paramref name="at"/>; nothing is appended until resumed.</summary>
    ValueTask PauseAsync(TimeSpan at, string reason, CancellationToken cancellationToken);

    /// <summary>The SRC resumed recording at media time <paramref name="at"/>.</summary>
    ValueTask ResumeAsync(TimeSpan at, CancellationToken cancellationToken);

    /// <summary>The SRC sent new metadata (a participant joined or left, a transfer); <paramref name="metadata"/> is the merged view.</summary>
    ValueTask UpdateMetadataAsync(RecordingMetadata metadata, CancellationToken cancellationToken);

    /// <summary>Ends and seals the recording (BYE, CANCEL after start, an SRC that vanished, shutdown).</summary>
    Task EndAsync(SessionEndReason reason, CancellationToken cancellationToken);
}

/// <summary>Why a recording session ended.</summary>
public enum SessionEndReason
{
    /// <summary>The SRC sent BYE.</summary>
    Bye = 1,

    /// <summary>No RTP and no SIP for the configured time.</summary>
    SourceVanished = 2,

    /// <summary>The server is shutting down (SIGTERM): the session ends as it is.</summary>
    Shutdown = 3,

    /// <summary>The Grid could not take the media within the bounded window.</summary>
    GridUnavailable = 4,

    /// <summary>The INVITE transaction failed after the recording started (no ACK).</summary>
    NoAck = 5,
}
