namespace Grid.Calls;

/// <summary>One recording in a search result: ids, times, status, direction and sizes only (no personal data).</summary>
[GenerateSerializer, Immutable, Alias("Grid.Calls.RecordingEntry")]
public sealed record RecordingEntry
{
    /// <summary>The call id.</summary>
    [Id(0)]
    public required string CallId { get; init; }

    /// <summary>When the recording started.</summary>
    [Id(1)]
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When it was sealed (null while recording).</summary>
    [Id(2)]
    public DateTimeOffset? SealedAt { get; init; }

    /// <summary>Life-cycle state.</summary>
    [Id(3)]
    public CallStatus Status { get; init; }

    /// <summary>Direction of the call.</summary>
    [Id(4)]
    public CallDirection Direction { get; init; }

    /// <summary>How long the media plays (<see cref="CallSummary.MediaDuration"/>), or start to seal when the media type does not say; null while recording.</summary>
    [Id(5)]
    public TimeSpan? Duration { get; init; }

    /// <summary>Media bytes stored (set at the seal).</summary>
    [Id(6)]
    public long MediaBytes { get; init; }
}
