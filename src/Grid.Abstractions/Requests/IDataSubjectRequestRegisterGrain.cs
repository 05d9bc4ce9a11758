using Grid.Security;

namespace Grid.Requests;

/// <summary>A tenant's data-subject requests, keyed by tenant id (kind, status, dates; no identifiers).</summary>
[Alias("Grid.Requests.IDataSubjectRequestRegisterGrain")]
public interface IDataSubjectRequestRegisterGrain : IGrainWithStringKey
{
    /// <summary>The tenant's requests, earliest deadline first (without their recordings and files).</summary>
    /// <param name="openOnly">Only requests not yet answered or refused.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The requests.</returns>
    [Alias("List")]
    [GridAccess(GridRoles.PrivacyOfficer, GridRoles.TenantAdmin, GridRoles.Auditor)]
    Task<IReadOnlyList<DataSubjectRequestInfo>> ListAsync(bool openOnly, CancellationToken cancellationToken = default);
}
