using Grid.Security;

namespace Grid.Governance;

/// <summary>
/// A tenant's audit rights (keyed by tenant id): at most one ordinary audit in any 12 months; an authority's
/// instruction or an incident that affected the tenant is an exception. An accepted request yields a read-only
/// auditor credential that expires by itself.
/// </summary>
[Alias("Grid.Governance.IAuditRightsGrain")]
public interface IAuditRightsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Requests an audit. Refused with <see cref="Errors.GridErrorCode.AuditTooSoon"/> when an ordinary audit was
    /// accepted less than 12 months ago and no valid exception is named.
    /// </summary>
    /// <param name="spec">Scope, exception and reference.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The accepted request and the auditor's credential.</returns>
    [Alias("Request")]
    [GridAccess(GridRoles.TenantAdmin)]
    Task<AuditRequestResult> RequestAsync(AuditRequestSpec spec, CancellationToken cancellationToken = default);

    /// <summary>The tenant's accepted audit requests, newest first.</summary>
    /// <returns>The requests.</returns>
    [Alias("Get")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.PrivacyOfficer, GridRoles.Auditor)]
    Task<IReadOnlyList<AuditRequestInfo>> GetAsync(CancellationToken cancellationToken = default);
}
