using Grid.Security;

namespace Grid.Governance;

/// <summary>The security incidents that affected one tenant (keyed by tenant id), and its acknowledgements.</summary>
[Alias("Grid.Governance.ITenantIncidentsGrain")]
public interface ITenantIncidentsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records or refreshes an incident notice and raises the tenant event (the incident grain calls it; interleaves,
    /// so that an acknowledgement waiting on the incident grain cannot deadlock with it).
    /// </summary>
    /// <param name="incident">The tenant's view of the incident.</param>
    /// <param name="escalation">True when the escalation reminder sends it again.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>A task.</returns>
    [Alias("Receive")]
    [InternalOnly]
    [Orleans.Concurrency.AlwaysInterleave]
    Task ReceiveAsync(TenantIncident incident, bool escalation, CancellationToken cancellationToken = default);

    /// <summary>The incidents that affected the tenant, newest first.</summary>
    /// <returns>The incidents.</returns>
    [Alias("Get")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.PrivacyOfficer, GridRoles.Auditor)]
    Task<IReadOnlyList<TenantIncident>> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Acknowledges an incident notice (stops its escalation for this tenant).</summary>
    /// <param name="incidentId">The incident.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The incident as the tenant sees it.</returns>
    [Alias("Acknowledge")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.PrivacyOfficer)]
    Task<TenantIncident> AcknowledgeAsync(string incidentId, CancellationToken cancellationToken = default);
}
