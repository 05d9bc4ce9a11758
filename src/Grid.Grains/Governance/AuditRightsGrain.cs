using System.Globalization;
using System.Security.Cryptography;
using Grid.Errors;
using Grid.Events;
using Grid.Governance;
using Grid.Security.Calls;
using Microsoft.Extensions.Logging;

namespace Grid.Grains.Governance;

/// <summary>A tenant's audit rights (<see cref="IAuditRightsGrain"/>).</summary>
public sealed class AuditRightsGrain(
    [PersistentState("audit-rights", GridGrainStorage.Name)] IPersistentState<AuditRightsState> state,
    GridTime time,
    ILogger<AuditRightsGrain> logger) : Grain, IAuditRightsGrain, IRemindable
{
    private string TenantId => field ??= GridIds.RequireTenantId(this.GetPrimaryKeyString());

    private Grid.Grains.Events.EventOutbox Outbox => field ??= new(this, () => state.State.Outbox, state.WriteOrThrowAsync, logger);

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == Grid.Grains.Events.EventOutbox.ReminderName ? Outbox.OnReminderAsync() : Task.CompletedTask;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Outbox.Resume();
        return Task.CompletedTask;
    }

    public async Task<AuditRequestResult> RequestAsync(AuditRequestSpec spec, CancellationToken cancellationToken = default)
    {
        _ = TenantId;
        AuditRightsRules.Check(spec);
        var now = time.GetUtcNow();
        AuditRightsRules.CheckFrequency(spec, state.State.Requests, now);
        if (spec.Exception == AuditException.Incident
            && !(await GrainFactory.GetGrain<ITenantIncidentsGrain>(TenantId).GetAsync()).Any(i => i.IncidentId == spec.Reference))
        {
            throw new GovernanceException(GridErrorCode.GovernanceState, "No incident with this id affected the tenant: an incident exception names one of the tenant's incidents.");
        }

        var requestId = "aud-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var info = new AuditRequestInfo
        {
            RequestId = requestId,
            Spec = spec,
            AcceptedAt = now,
            RequestedBy = GridCaller.AuditName,
            AuditorSubject = "auditor:" + requestId,
            CredentialExpiresAt = now.AddDays(spec.CredentialDays),
        };
        var clientId = $"{TenantId}/{requestId}";
        var secret = await GrainFactory.GetGrain<IAuditorCredentialGrain>(clientId).IssueAsync(info.CredentialExpiresAt);
        state.State.Requests.Add(info);
        Outbox.Add(TenantId, now, new AuditRequestAccepted(requestId));
        await state.WriteOrThrowAsync();
        var exception = spec.Exception == AuditException.None ? "ordinary" : $"{spec.Exception} {spec.Reference}";
        await Grid.Grains.Audit.TenantAudit.AppendAsync(GrainFactory, TenantId, "audit-request.accept",
            $"{requestId}: {exception}; auditor credential until {info.CredentialExpiresAt.ToString("O", CultureInfo.InvariantCulture)}", info.RequestedBy, now);
        await Outbox.DeliverAsync();
        return new AuditRequestResult { Request = info, AuditorClientId = clientId, AuditorSecret = secret };
    }

    public Task<IReadOnlyList<AuditRequestInfo>> GetAsync(CancellationToken cancellationToken = default)
    {
        _ = TenantId;
        return Task.FromResult<IReadOnlyList<AuditRequestInfo>>([.. state.State.Requests.OrderByDescending(r => r.AcceptedAt)]);
    }
}
