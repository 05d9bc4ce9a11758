using Grid.Security;

namespace Grid.Governance;

/// <summary>
/// One security incident (key <see cref="ProcessorScope.Incident"/>): declared by an operator, notified to each
/// affected tenant at once, updated as a timeline, escalated by a reminder until every tenant acknowledges. The
/// delay from detection to each notification is recorded against the configured target.
/// </summary>
[Alias("Grid.Governance.IIncidentGrain")]
public interface IIncidentGrain : IGrainWithStringKey
{
    /// <summary>Declares the incident and notifies every affected tenant now; repeating is refused.</summary>
    /// <param name="declaration">What happened.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The incident.</returns>
    [Alias("Declare")]
    [GridAccess(GridRoles.Operator)]
    Task<IncidentInfo> DeclareAsync(IncidentDeclaration declaration, CancellationToken cancellationToken = default);

    /// <summary>Adds an update to the timeline and sends it to every affected tenant.</summary>
    /// <param name="text">What was learnt or done (1-4000 characters).</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The incident.</returns>
    [Alias("Update")]
    [GridAccess(GridRoles.Operator)]
    Task<IncidentInfo> UpdateAsync(string text, CancellationToken cancellationToken = default);

    /// <summary>The incident with every notification (the processor's report against the target).</summary>
    /// <returns>The incident.</returns>
    [Alias("Get")]
    [GridAccess(GridRoles.Operator)]
    Task<IncidentInfo> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Records a tenant's acknowledgement (its tenant incidents grain calls it).</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="by">The verified subject who acknowledged.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The notification.</returns>
    [Alias("Acknowledge")]
    [InternalOnly]
    Task<IncidentNotification> AcknowledgeAsync(string tenantId, string by, CancellationToken cancellationToken = default);
}
