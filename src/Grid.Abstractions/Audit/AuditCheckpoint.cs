namespace Grid.Audit;

/// <summary>
/// A signed statement of a tenant's audit log head: "record <see cref="Sequence"/> has hash <see cref="HeadHash"/>".
/// Stored apart from the log and published to the tenant, so a rewritten, recomputed or cut log is detected.
/// </summary>
[GenerateSerializer, Immutable, Alias("Grid.Audit.AuditCheckpoint")]
public sealed record AuditCheckpoint
{
    /// <summary>The signed body: JSON of tenant id, sequence, head hash and time.</summary>
    [Id(0)]
    public required string Body { get; init; }

    /// <summary>ES256 signature of the UTF-8 body (IEEE P1363, base64) with the processor's signing key.</summary>
    [Id(1)]
    public required string Signature { get; init; }

    /// <summary>Hex SHA-256 of the signing key's SubjectPublicKeyInfo.</summary>
    [Id(2)]
    public required string KeyId { get; init; }

    /// <summary>The tenant whose log this is.</summary>
    [Id(3)]
    public required string TenantId { get; init; }

    /// <summary>The sequence number of the last record covered.</summary>
    [Id(4)]
    public long Sequence { get; init; }

    /// <summary>That record's hash.</summary>
    [Id(5)]
    public required string HeadHash { get; init; }

    /// <summary>When the checkpoint was made.</summary>
    [Id(6)]
    public DateTimeOffset At { get; init; }
}
