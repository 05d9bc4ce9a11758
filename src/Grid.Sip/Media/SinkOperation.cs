using Grid.Sip.Metadata;
using Grid.Sip.Recording;

namespace Grid.Sip.Media;

/// <summary>What a <see cref="SinkOperation"/> asks of the sink.</summary>
internal enum SinkOperationKind
{
    Append,
    Gap,
    Pause,
    Resume,
    Metadata,
    End,
}

/// <summary>One call of the session's <see cref="IRecordingSink"/>, queued in media order for the writer loop.</summary>
internal readonly record struct SinkOperation(
    SinkOperationKind Kind,
    MediaChunk? Chunk = null,
    MediaGap? Gap = null,
    TimeSpan At = default,
    string? Reason = null,
    RecordingMetadata? Metadata = null,
    SessionEndReason EndReason = default);
