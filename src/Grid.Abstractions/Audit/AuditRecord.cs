namespace Grid.Audit;

/// <summary>
/// One entry of a tenant's tamper-evident audit log: who did what with which key or recording, and when. Ids only,
/// never content or personal metadata.
/// </summary>
[GenerateSerializer, Immutable, Alias("Grid.Audit.AuditRecord")]
public sealed record AuditRecord
{
    /// <summary>When it happened.</summary>
    [Id(0)]
    public DateTimeOffset At { get; init; }

    /// <summary>The tenant.</summary>
    [Id(1)]
    public required string TenantId { get; init; }

    /// <summary>What happened, e.g. <c>key.wrap</c>, <c>key.unwrap</c>, <c>key.rotate</c>, <c>key.revoke</c>, <c>key.destroy</c>.</summary>
    [Id(2)]
    public required string Action { get; init; }

    /// <summary>Why, e.g. <c>playback</c>.</summary>
    [Id(3)]
    public string Purpose { get; init; } = string.Empty;

    /// <summary>Opaque subject id of who caused it, or <c>grid:*</c> for the Grid's own work.</summary>
    [Id(4)]
    public string Principal { get; init; } = string.Empty;

    /// <summary>The call concerned, if any.</summary>
    [Id(5)]
    public string? CallId { get; init; }

    /// <summary>The key version concerned, if any.</summary>
    [Id(6)]
    public int? KeyVersion { get; init; }

    /// <summary>Position in the tenant's log (from 1).</summary>
    [Id(7)]
    public long Sequence { get; init; }

    /// <summary>SHA-256 (hex) of the previous entry; 64 zeros for the first.</summary>
    [Id(8)]
    public string PreviousHash { get; init; } = string.Empty;

    /// <summary>SHA-256 (hex) of this entry's canonical form including <see cref="PreviousHash"/>.</summary>
    [Id(9)]
    public string Hash { get; init; } = string.Empty;
}
