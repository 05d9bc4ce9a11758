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
}
