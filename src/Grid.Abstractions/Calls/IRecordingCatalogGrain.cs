using Grid.Security;

namespace Grid.Calls;

/// <summary>
/// The tenant's catalog of recordings, keyed by tenant id: search by time, direction, status, duration, tags and
/// participant (blind index). Only the tenant's own rows exist under its key. Every search is audited with the
/// verified subject (never with the participant searched for).
/// </summary>
[Alias("Grid.Calls.IRecordingCatalogGrain")]
public interface IRecordingCatalogGrain : IGrainWithStringKey
{
    /// <summary>One page of the recordings that match <paramref name="query"/>, newest first.</summary>
    /// <param name="query">The filters, page size and continuation.</param>
    /// <param name="cancellationToken">Stops the search (the caller went away).</param>
    /// <returns>The page.</returns>
    [Alias("Search")]
    [GridAccess(GridRoles.Analyst, GridRoles.TenantAdmin, GridRoles.PrivacyOfficer, GridRoles.LegalHold)]
    Task<RecordingPage> SearchAsync(RecordingQuery query, CancellationToken cancellationToken = default);
}
