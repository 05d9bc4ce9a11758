namespace Grid.Audit;

/// <summary>A tenant's audit log as read back, with the result of verifying its hash chain.</summary>
/// <param name="Records">The records, oldest first.</param>
/// <param name="ChainIntact">True when every record's hash and link verify.</param>
/// <param name="FirstBrokenSequence">The first record that failed verification, if any.</param>
[GenerateSerializer, Immutable, Alias("Grid.Audit.AuditLogReadResult")]
public sealed record AuditLogReadResult(
    [property: Id(0)] IReadOnlyList<AuditRecord> Records,
    [property: Id(1)] bool ChainIntact,
    [property: Id(2)] long? FirstBrokenSequence);
