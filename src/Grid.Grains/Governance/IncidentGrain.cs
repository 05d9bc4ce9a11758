using Grid.Errors;
using Grid.Governance;
using Grid.Security.Calls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Grains.Governance;

/// <summary>
/// One security incident (<see cref="IIncidentGrain"/>). Declared durably first, then each affected tenant is
/// notified, with one state write for all of them (a tenant that could not be reached is retried by the reminder); the reminder also sends an
/// unacknowledged notice again every <see cref="GovernanceOptions.IncidentEscalateAfter"/> on the Grid's clock.
/// </summary>
public sealed partial class IncidentGrain(
    [PersistentState("incident", GridGrainStorage.Name)] IPersistentState<IncidentState> state,
    IOptions<GovernanceOptions> options,
    GridTime time,
    ILogger<IncidentGrain> logger) : Grain, IIncidentGrain, IRemindable
{
    private const string ReminderName = "incident-escalation";

    private string IncidentId => field ??= ParseKey(this.GetPrimaryKeyString());

    public async Task<IncidentInfo> DeclareAsync(IncidentDeclaration declaration, CancellationToken cancellationToken = default)
    {
        _ = IncidentId;
        if (state.State.Info is not null)
        {
            throw new GovernanceException(GridErrorCode.GovernanceState, "This incident is already declared; add an update instead.");
        }

        var now = time.GetUtcNow();
        IncidentRules.Check(declaration, [.. await GrainFactory.GetGrain<ITenantDirectoryGrain>(ProcessorScope.Key).ListAsync()], now);
        state.State.Info = new IncidentInfo
        {
            IncidentId = IncidentId,
            Declaration = declaration,
            DeclaredAt = now,
            DeclaredBy = GridCaller.AuditName,
            Timeline = [new IncidentUpdate { At = now, By = GridCaller.AuditName, Text = $"Declared ({declaration.Severity.ToString().ToLowerInvariant()}): {declaration.WhatHappened}" }],
            NotificationTarget = options.Value.IncidentNotificationTarget,
        };
        await state.WriteOrThrowAsync();
        await GovernanceRecords.EnsureReminderAsync(this, ReminderName, options.Value.CheckPeriod);
        LogDeclared(logger, IncidentId, declaration.Severity, declaration.AffectedTenants.Count);
        await NotifyPendingAsync();
        await state.WriteOrThrowAsync();
        return state.State.Info;
    }

    public async Task<IncidentInfo> UpdateAsync(string text, CancellationToken cancellationToken = default)
    {
        var info = Require();
        IncidentRules.Text(text, "update");
        var now = time.GetUtcNow();
        state.State.Info = info with { Timeline = [.. info.Timeline, new IncidentUpdate { At = now, By = GridCaller.AuditName, Text = text }] };
        await state.WriteOrThrowAsync();
        try
        {
            foreach (var notification in state.State.Info.Notifications)
            {
                await SendAsync(notification, escalation: false);
            }
        }
        finally
        {
            await state.WriteOrThrowAsync();
        }

        return state.State.Info;
    }

    public Task<IncidentInfo> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(Require());

    public async Task<IncidentNotification> AcknowledgeAsync(string tenantId, string by, CancellationToken cancellationToken = default)
    {
        var info = Require();
        var index = info.Notifications.ToList().FindIndex(n => n.TenantId == tenantId);
        if (index < 0)
        {
            throw new GovernanceException(GridErrorCode.GovernanceState, "This tenant was not notified of this incident.");
        }

        var notification = info.Notifications[index];
        if (notification.AcknowledgedAt is not null)
        {
            return notification;
        }

        notification = notification with { AcknowledgedAt = time.GetUtcNow(), AcknowledgedBy = by };
        state.State.Info = info with { Notifications = [.. info.Notifications.Select((n, i) => i == index ? notification : n)] };
        await state.WriteOrThrowAsync();
        return notification;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName || state.State.Info is not { } info)
        {
            return;
        }

        var sent = await NotifyPendingAsync();
        var now = time.GetUtcNow();
        foreach (var notification in info.Notifications.Where(n => IncidentRules.DueForEscalation(n, state.State.LastSent[n.TenantId], now, options.Value.IncidentEscalateAfter)))
        {
            LogEscalated(logger, IncidentId, notification.TenantId, notification.Escalations + 1);
            await SendAsync(notification with { Escalations = notification.Escalations + 1 }, escalation: true);
            sent++;
        }

        if (sent > 0)
        {
            await state.WriteOrThrowAsync();
        }

        info = state.State.Info;
        if (info.Notifications.Count == info.Declaration.AffectedTenants.Count && info.Notifications.All(n => n.AcknowledgedAt is not null))
        {
            await GovernanceRecords.StopReminderAsync(this, ReminderName);
        }
    }

    /// <summary>Notifies every affected tenant not yet notified, recording the delay from detection; returns how many were sent.</summary>
    private async Task<int> NotifyPendingAsync()
    {
        var info = state.State.Info!;
        var sent = 0;
        foreach (var tenantId in info.Declaration.AffectedTenants.Where(t => !state.State.Info!.Notifications.Any(n => n.TenantId == t)))
        {
            var notification = IncidentRules.Notify(tenantId, info.Declaration.DetectedAt, time.GetUtcNow(), info.NotificationTarget);
            try
            {
                await SendAsync(notification, escalation: false);
                sent++;
            }
            catch (Exception e)
            {
                LogNotDelivered(logger, IncidentId, tenantId, e.GetType().Name);
            }
        }

        return sent;
    }

    /// <summary>Sends a tenant its view of the incident and records the notification in memory (the caller writes once for all tenants).</summary>
    private async Task SendAsync(IncidentNotification notification, bool escalation)
    {
        var info = state.State.Info!;
        var declaration = info.Declaration;
        await GrainFactory.GetGrain<ITenantIncidentsGrain>(notification.TenantId).ReceiveAsync(new TenantIncident
        {
            IncidentId = IncidentId,
            Severity = declaration.Severity,
            DataCategories = declaration.DataCategories,
            WhatHappened = declaration.WhatHappened,
            MeasuresTaken = declaration.MeasuresTaken,
            DetectedAt = declaration.DetectedAt,
            Timeline = info.Timeline,
            Notification = notification,
        }, escalation);
        info = state.State.Info!;
        var others = info.Notifications.Where(n => n.TenantId != notification.TenantId);
        var current = info.Notifications.FirstOrDefault(n => n.TenantId == notification.TenantId);
        state.State.Info = info with { Notifications = [.. others.Append(current is null ? notification : current with { Escalations = notification.Escalations }).OrderBy(n => n.NotifiedAt)] };
        state.State.LastSent[notification.TenantId] = time.GetUtcNow();
    }

    private IncidentInfo Require()
    {
        _ = IncidentId;
        return state.State.Info ?? throw new GovernanceException(GridErrorCode.GovernanceState, "No incident with this id was declared.");
    }

    private static string ParseKey(string key) =>
        key.StartsWith(ProcessorScope.Key + "/", StringComparison.Ordinal) && GridIds.IsValidCallId(key[(ProcessorScope.Key.Length + 1)..])
            ? key[(ProcessorScope.Key.Length + 1)..]
            : throw new GridValidationException($"An incident's key is '{ProcessorScope.Key}/{{incidentId}}', the id like a call id.");

    [LoggerMessage(EventId = 7111, Level = LogLevel.Warning, Message = "Security incident {IncidentId} declared ({Severity}), {Tenants} tenants affected")]
    private static partial void LogDeclared(ILogger logger, string incidentId, IncidentSeverity severity, int tenants);

    [LoggerMessage(EventId = 7112, Level = LogLevel.Warning, Message = "Security incident {IncidentId}: tenant {TenantId} has not acknowledged; notice sent again (escalation {Escalation})")]
    private static partial void LogEscalated(ILogger logger, string incidentId, string tenantId, int escalation);

    [LoggerMessage(EventId = 7113, Level = LogLevel.Warning, Message = "Security incident {IncidentId}: tenant {TenantId} not reached ({Error}); retried at the next check")]
    private static partial void LogNotDelivered(ILogger logger, string incidentId, string tenantId, string error);
}
