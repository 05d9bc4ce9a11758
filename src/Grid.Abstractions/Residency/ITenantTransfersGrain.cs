using Grid.Security;

namespace Grid.Residency;

/// <summary>
/// A tenant's transfer guard (keyed by tenant id): data leaves the tenant's jurisdiction only for a destination the
/// tenant recorded a safeguard for; every decision is audited and kept for the record of processing.
/// </summary>
[Alias("Grid.Residency.ITenantTransfersGrain")]
public interface ITenantTransfersGrain : IGrainWithStringKey
{
    /// <summary>Records (or replaces) the safeguard for a destination country.</summary>
    /// <param name="destination">ISO 3166-1 alpha-2 country code.</param>
    /// <param name="kind">The legal ground.</param>
    /// <param name="reference">The tenant's reference (1-256 characters).</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The tenant's residency.</returns>
    [Alias("RecordSafeguard")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.PrivacyOfficer)]
    Task<TenantTransfers> RecordSafeguardAsync(string destination, TransferSafeguardKind kind, string reference, CancellationToken cancellationToken = default);

    /// <summary>The tenant's region, jurisdiction, safeguards and the guard's recent decisions.</summary>
    /// <returns>The tenant's residency.</returns>
    [Alias("Get")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.PrivacyOfficer, GridRoles.Auditor)]
    Task<TenantTransfers> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Decides a transfer to <paramref name="destination"/> for <paramref name="purpose"/> (the Grid's own paths call
    /// it): allowed within the tenant's jurisdiction or with a recorded safeguard; otherwise audited and refused with
    /// <see cref="Errors.TransferRefusedException"/>.
    /// </summary>
    /// <param name="destination">ISO 3166-1 alpha-2 country code.</param>
    /// <param name="purpose">What would move the data.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The decision (allowed).</returns>
    [Alias("Check")]
    [InternalOnly]
    Task<TransferDecision> CheckAsync(string destination, string purpose, CancellationToken cancellationToken = default);
}
