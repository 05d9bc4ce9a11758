using Grid.Security;

namespace Grid.Governance;

/// <summary>
/// One tenant's side of the sub-processor workflow (keyed by tenant id): the notices it received, its objections
/// (until 30 days after each notice, then the registry's reminder closes the window), its choice when the Grid cannot route
/// around a sub-processor, and the list that applies to it.
/// </summary>
[Alias("Grid.Governance.ITenantSubProcessorsGrain")]
public interface ITenantSubProcessorsGrain : IGrainWithStringKey
{
    /// <summary>Records a notice and raises the tenant event (the registry calls it; repeating is harmless).</summary>
    /// <param name="change">The change.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>A task.</returns>
    [Alias("ReceiveNotice")]
    [InternalOnly]
    Task ReceiveNoticeAsync(SubProcessorChange change, CancellationToken cancellationToken = default);

    /// <summary>
    /// Closes the objection window of a change once its deadline has passed (the registry's reminder calls it):
    /// audited, and the tenant event raised. Harmless when the tenant never received the notice or it is closed.
    /// </summary>
    /// <param name="changeId">The change.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>A task.</returns>
    [Alias("CloseObjectionWindow")]
    [InternalOnly]
    Task CloseObjectionWindowAsync(string changeId, CancellationToken cancellationToken = default);

    /// <summary>The sub-processors that apply to this tenant at <paramref name="asOf"/> (now when null).</summary>
    /// <param name="asOf">The moment, or null for now.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The list.</returns>
    [Alias("Get")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.PrivacyOfficer, GridRoles.Auditor)]
    Task<TenantSubProcessors> GetAsync(DateTimeOffset? asOf, CancellationToken cancellationToken = default);

    /// <summary>The notices this tenant received, newest first, with its objections.</summary>
    /// <returns>The notices.</returns>
    [Alias("GetNotices")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.PrivacyOfficer, GridRoles.Auditor)]
    Task<IReadOnlyList<SubProcessorNotice>> GetNoticesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Objects to a change until its objection deadline (refused after it with
    /// <see cref="Errors.GridErrorCode.ObjectionWindowClosed"/>). A routable sub-processor is then not used for this
    /// tenant; otherwise the tenant is offered suspension or termination (<see cref="ChooseAsync"/>).
    /// </summary>
    /// <param name="changeId">The change.</param>
    /// <param name="reason">Why (1-1000 characters).</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The notice with the objection.</returns>
    [Alias("Object")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.PrivacyOfficer)]
    Task<SubProcessorNotice> ObjectAsync(string changeId, string reason, CancellationToken cancellationToken = default);

    /// <summary>Records the tenant's choice after an objection the Grid could not route around, and carries it out.</summary>
    /// <param name="changeId">The change.</param>
    /// <param name="choice">Suspend, terminate (effective with the change) or withdraw the objection.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The notice with the choice.</returns>
    [Alias("Choose")]
    [GridAccess(GridRoles.TenantAdmin)]
    Task<SubProcessorNotice> ChooseAsync(string changeId, ObjectionChoice choice, CancellationToken cancellationToken = default);
}
