namespace Grid.Calls;

/// <summary>
/// What the Grid holds of one recording. Contains no personal data (no metadata, no media), so it may be shown to
/// operators.
/// </summary>
[GenerateSerializer, Immutable, Alias("Grid.Calls.CallSummary")]
public sealed record CallSummary
{
    /// <summary>The tenant that owns the recording.</summary>
    [Id(0)]
    public required string TenantId { get; init; }

    /// <summary>The call id.</summary>
    [Id(1)]
    public required string CallId { get; init; }

    /// <summary>Life-cycle state.</summary>
    [Id(2)]
    public CallStatus Status { get; init; }

    /// <summary>Number of distinct chunks stored.</summary>
    [Id(3)]
    public long ChunkCount { get; init; }

    /// <summary>Total media bytes stored (plaintext length).</summary>
    [Id(4)]
    public long MediaBytes { get; init; }

    /// <summary>Lowest sequence number received; null when none.</summary>
    [Id(5)]
    public long? FirstSequence { get; init; }

    /// <summary>Highest sequence number received; null when none.</summary>
    [Id(6)]
    public long? LastSequence { get; init; }

    /// <summary>Sequence numbers missing between 0 and <see cref="LastSequence"/> (reported at End).</summary>
    /// <remarks>Persisted types keep CLR defaults as their "empty" values: stored JSON omits default values.</remarks>
    [Id(7)]
    public IReadOnlyList<SequenceRange> Gaps { get; init; } = [];

    /// <summary>When the call was started.</summary>
    [Id(8)]
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the call was sealed.</summary>
    [Id(9)]
    public DateTimeOffset? SealedAt { get; init; }

    /// <summary>When retention deletes the recording (set when sealed).</summary>
    [Id(10)]
    public DateTimeOffset? RetainUntil { get; init; }

    /// <summary>When the recording was deleted.</summary>
    [Id(11)]
    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>Where recording was paused (secure pause, an SBC's inactive streams): a pause, not a gap.</summary>
    [Id(12)]
    public IReadOnlyList<CallPause> Pauses { get; init; } = [];

    /// <summary>Media the recorder expected and did not get (lost packets, a silent source), as it reported them.</summary>
    [Id(13)]
    public IReadOnlyList<MediaGapReport> MediaGaps { get; init; } = [];

    /// <summary>Gap reports beyond the most kept per call (<c>MaxMediaGaps</c>): counted, not listed.</summary>
    [Id(14)]
    public long UnlistedMediaGaps { get; init; }

    /// <summary>How often the recorder updated the metadata after the start (participants joining or leaving, transfers).</summary>
    [Id(15)]
    public int MetadataUpdates { get; init; }

    /// <summary>
    /// How long the media plays (pauses included), set at the seal when the media type says it (G.711, L16, WAV);
    /// null otherwise. Unlike start-to-seal, it is right for media that arrived faster than real time.
    /// </summary>
    [Id(16)]
    public TimeSpan? MediaDuration { get; init; }

    /// <summary>Redactions requested, applied or rejected, oldest first.</summary>
    [Id(17)]
    public IReadOnlyList<RecordingRedaction> Redactions { get; init; } = [];

    /// <summary>The recording's version: 0 for the original, n after the n-th applied redaction (the earlier versions are destroyed).</summary>
    [Id(18)]
    public int Version { get; init; }

    /// <summary>
    /// For a tenant in WORM mode: the end of the recording's immutability policy in storage (its retention end), set
    /// once its sealed copy is in write-once storage; until then nobody can delete or alter it. Null otherwise.
    /// </summary>
    [Id(19)]
    public DateTimeOffset? ImmutableUntil { get; init; }

    /// <summary>Value equality, comparing the lists element by element.</summary>
    /// <param name="other">The other summary.</param>
    /// <returns>True when both describe the same recording state.</returns>
    public bool Equals(CallSummary? other) =>
        other is not null && TenantId == other.TenantId && CallId == other.CallId && Status == other.Status
        && ChunkCount == other.ChunkCount && MediaBytes == other.MediaBytes && FirstSequence == other.FirstSequence
        && LastSequence == other.LastSequence && Gaps.SequenceEqual(other.Gaps)
        && Pauses.SequenceEqual(other.Pauses) && MediaGaps.SequenceEqual(other.MediaGaps)
        && Redactions.SequenceEqual(other.Redactions) && Version == other.Version && ImmutableUntil == other.ImmutableUntil
        && UnlistedMediaGaps == other.UnlistedMediaGaps && MetadataUpdates == other.MetadataUpdates && MediaDuration == other.MediaDuration
        && StartedAt == other.StartedAt && SealedAt == other.SealedAt && RetainUntil == other.RetainUntil && DeletedAt == other.DeletedAt;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(TenantId, CallId, Status, ChunkCount, MediaBytes, LastSequence, SealedAt);
}
