using Grid.Errors;
using Grid.Events;
using Grid.Governance;
using Grid.Security.Calls;
using Microsoft.Extensions.Logging;

namespace Grid.Grains.Governance;

/// <summary>
/// The incidents that affected one tenant (<see cref="ITenantIncidentsGrain"/>). Notices interleave with an
/// acknowledgement in progress, so writes are serialised by a lock.
/// </summary>
public sealed class TenantIncidentsGrain(
    [PersistentState("tenant-incidents", GridGrainStorage.Name)] IPersistentState<TenantIncidentsState> state,
    GridTime time,
    ILogger<TenantIncidentsGrain> logger) : Grain, ITenantIncidentsGrain, IRemindable
{
    private readonly SemaphoreSlim writing = new(1, 1);

    private string TenantId => field ??= GridIds.RequireTenantId(this.GetPrimaryKeyString());

    private Grid.Grains.Events.EventOutbox Outbox => field ??= new(this, () => state.State.Outbox, () => WriteAsync(() => { }), logger);

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == Grid.Grains.Events.EventOutbox.ReminderName ? Outbox.OnReminderAsync() : Task.CompletedTask;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Outbox.Resume();
        return Task.CompletedTask;
    }

    public async Task ReceiveAsync(TenantIncident incident, bool escalation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var now = time.GetUtcNow();
        var known = state.State.Incidents.FindIndex(i => i.IncidentId == incident.IncidentId);
        var acknowledged = known >= 0 ? state.State.Incidents[known].Notification : null;
        if (acknowledged?.AcknowledgedAt is not null)
        {
            incident = incident with { Notification = incident.Notification with { AcknowledgedAt = acknowledged.AcknowledgedAt, AcknowledgedBy = acknowledged.AcknowledgedBy } };
        }

        await WriteAsync(() =>
        {
            var index = state.State.Incidents.FindIndex(i => i.IncidentId == incident.IncidentId);
            if (index < 0)
            {
                state.State.Incidents.Add(incident);
            }
            else
            {
                state.State.Incidents[index] = incident;
            }

            Outbox.Add(TenantId, now, known < 0 ? new IncidentDeclared(incident.IncidentId) : new IncidentUpdated(incident.IncidentId));
        });
        var action = known < 0 ? "incident.notified" : escalation ? "incident.escalated" : "incident.updated";
        await Grid.Grains.Audit.TenantAudit.AppendAsync(GrainFactory, TenantId, action,
            $"{incident.IncidentId}: {incident.Severity.ToString().ToLowerInvariant()}, detected {incident.DetectedAt:O}, notified after {incident.Notification.Delay}", "grid:incidents", now);
        await Outbox.DeliverAsync();
    }

    public Task<IReadOnlyList<TenantIncident>> GetAsync(CancellationToken cancellationToken = default)
    {
        _ = TenantId;
        return Task.FromResult<IReadOnlyList<TenantIncident>>([.. state.State.Incidents.OrderByDescending(i => i.DetectedAt)]);
    }

    public async Task<TenantIncident> AcknowledgeAsync(string incidentId, CancellationToken cancellationToken = default)
    {
        _ = TenantId;
        if (!state.State.Incidents.Exists(i => i.IncidentId == incidentId))
        {
            throw new GovernanceException(GridErrorCode.GovernanceState, "No incident with this id affected the tenant; list the incidents for their ids.");
        }

        var by = GridCaller.AuditName;
        var notification = await GrainFactory.GetGrain<IIncidentGrain>(ProcessorScope.Incident(incidentId)).AcknowledgeAsync(TenantId, by);
        await WriteAsync(() =>
        {
            var index = state.State.Incidents.FindIndex(i => i.IncidentId == incidentId);
            state.State.Incidents[index] = state.State.Incidents[index] with { Notification = notification };
        });
        await Grid.Grains.Audit.TenantAudit.AppendAsync(GrainFactory, TenantId, "incident.acknowledge", incidentId, by, time.GetUtcNow());
        return state.State.Incidents.Find(i => i.IncidentId == incidentId)!;
    }

    private async Task WriteAsync(Action change)
    {
        await writing.WaitAsync();
        try
        {
            change();
            await state.WriteOrThrowAsync();
        }
        finally
        {
            writing.Release();
        }
    }
}
