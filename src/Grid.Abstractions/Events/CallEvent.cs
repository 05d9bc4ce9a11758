namespace Grid.Events;

/// <summary>
/// An event on a tenant's stream. Carries ids, counts and times only: never media or personal metadata.
/// </summary>
[GenerateSerializer, Immutable, Alias("Grid.Events.CallEvent")]
public sealed record CallEvent
{
    /// <summary>What happened.</summary>
    [Id(0)]
    public CallEventKind Kind { get; init; }

    /// <summary>The tenant.</summary>
    [Id(1)]
    public required string TenantId { get; init; }

    /// <summary>The call.</summary>
    [Id(2)]
    public required string CallId { get; init; }

    /// <summary>When it happened.</summary>
    [Id(3)]
    public DateTimeOffset At { get; init; }

    /// <summary>Chunks stored (for <see cref="CallEventKind.CallSealed"/>).</summary>
    [Id(4)]
    public long ChunkCount { get; init; }

    /// <summary>Media bytes stored (for <see cref="CallEventKind.CallSealed"/>).</summary>
    [Id(5)]
    public long MediaBytes { get; init; }

    /// <summary>For <see cref="CallEventKind.AuditCheckpoint"/>: the audit sequence number the checkpoint covers.</summary>
    [Id(6)]
    public long? AuditSequence { get; init; }

    /// <summary>The data-subject request an event is about (empty call id then), or null.</summary>
    [Id(7)]
    public string? RequestId { get; init; }

    /// <summary>For key events: the key version concerned.</summary>
    [Id(8)]
    public int? KeyVersion { get; init; }

    /// <summary>For governance events: the sub-processor change, incident or audit request concerned.</summary>
    [Id(9)]
    public string? Reference { get; init; }
}
