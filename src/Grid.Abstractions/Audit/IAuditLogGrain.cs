using Orleans.Concurrency;
using Grid.Security;

namespace Grid.Audit;

/// <summary>A tenant's append-only, hash-chained audit log, keyed by tenant id.</summary>
[Alias("Grid.Audit.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>Appends a record durably; returns it with its sequence number and hashes.</summary>
    /// <param name="record">The record (sequence and hashes are assigned here).</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The stored record.</returns>
    [Alias("Append")]
    [AlwaysInterleave]
    [InternalOnly]
    Task<AuditRecord> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default);

    /// <summary>Reads the whole log and verifies its hash chain.</summary>
    /// <returns>The records, oldest first.</returns>
    [Alias("Read")]
    [GridAccess(GridRoles.Auditor, GridRoles.TenantAdmin)]
    Task<AuditLogReadResult> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The raw log for a period, as stored, for a verifier outside the Grid (docs/audit-log.md): the records' lines
    /// byte for byte from the start of the storage segment that holds the first record at or after
    /// <paramref name="from"/> to the last record before <paramref name="to"/>, and the signed checkpoints of heads in
    /// that span.
    /// </summary>
    /// <param name="from">Start of the period (null: the log's start).</param>
    /// <param name="to">End of the period, exclusive (null: the log's end).</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The lines, checkpoints and the key to verify them with.</returns>
    [Alias("Export")]
    [GridAccess(GridRoles.Auditor, GridRoles.TenantAdmin)]
    Task<AuditExport> ExportAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default);
}

/// <summary>A raw audit-log export (docs/audit-log.md): what an auditor verifies without the Grid's code.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Audit.AuditExport")]
public sealed record AuditExport
{
    /// <summary>The tenant.</summary>
    [Id(0)]
    public required string TenantId { get; init; }

    /// <summary>The records' lines, exactly as stored, in sequence order.</summary>
    [Id(1)]
    public IReadOnlyList<string> Records { get; init; } = [];

    /// <summary>The signed checkpoints of heads within the records, each as its stored JSON text.</summary>
    [Id(2)]
    public IReadOnlyList<string> Checkpoints { get; init; } = [];

    /// <summary>The processor's public key (SubjectPublicKeyInfo PEM) the checkpoints verify under.</summary>
    [Id(3)]
    public required string PublicKeyPem { get; init; }
}
