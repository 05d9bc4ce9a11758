namespace Grid.Audit;

/// <summary>A tenant's audit log with the outcome of verifying it.</summary>
/// <param name="Records">The records, oldest first.</param>
/// <param name="ChainIntact">True when every record's hash and link verify.</param>
/// <param name="FirstBrokenSequence">The first record that does not verify, or null.</param>
/// <param name="Checkpoints">The signed checkpoints of the log.</param>
/// <param name="CheckpointsVerified">True when every checkpoint's signature verifies and its head matches the log.</param>
/// <param name="Problem">What is wrong, in a sentence, or null.</param>
[GenerateSerializer, Immutable, Alias("Grid.Audit.AuditLogReadResult")]
public sealed record AuditLogReadResult(
    [property: Id(0)] IReadOnlyList<AuditRecord> Records,
    [property: Id(1)] bool ChainIntact,
    [property: Id(2)] long? FirstBrokenSequence,
    [property: Id(3)] IReadOnlyList<AuditCheckpoint>? Checkpoints = null,
    [property: Id(4)] bool CheckpointsVerified = false,
    [property: Id(5)] string? Problem = null);
