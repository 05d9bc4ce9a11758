using Grid.Governance;
using Grid.Grains.Audit;
using Grid.Keys;
using Grid.Security;
using Grid.Security.Calls;
using Grid.Storage;
using Grid.Tenants;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Grid.Grains.Governance;

/// <summary>
/// Builds a tenant's record of processing (<see cref="IRecordOfProcessingGrain"/>) from what is in force at the
/// moment asked: the tenant's settings, key, retention and holds; the sub-processors that apply to it; the silo's
/// own configuration (transport security, replica, audit checkpoints); its incidents.
/// </summary>
[StatelessWorker]
public sealed class RecordOfProcessingGrain(
    IOptions<GovernanceOptions> governance,
    IOptions<GridStorageOptions> storage,
    IOptions<GridSecurityOptions> security,
    IOptions<AuditOptions> audit,
    GridTime time) : Grain, IRecordOfProcessingGrain
{
    public async Task<RecordOfProcessing> GetAsync(CancellationToken cancellationToken = default)
    {
        var tenantId = GridIds.RequireTenantId(this.GetPrimaryKeyString());
        var tenant = await GrainFactory.GetGrain<ITenantGrain>(tenantId).GetInfoAsync();
        var key = await GrainFactory.GetGrain<ITenantKeyGrain>(tenantId).GetInfoAsync();
        var holds = (await GrainFactory.GetGrain<ITenantGrain>(tenantId).GetHoldsAsync()).Count(h => h.ReleasedAt is null);
        var subProcessors = await GrainFactory.GetGrain<ITenantSubProcessorsGrain>(tenantId).GetAsync(null);
        var incidents = await GrainFactory.GetGrain<ITenantIncidentsGrain>(tenantId).GetAsync();
        var residency = await GrainFactory.GetGrain<Grid.Residency.ITenantTransfersGrain>(tenantId).GetAsync();
        var now = time.GetUtcNow();
        await Grid.Grains.Audit.TenantAudit.AppendAsync(GrainFactory, tenantId, "record-of-processing.read", "generated", GridCaller.AuditName, now);

        var measures = RecordOfProcessingContent.Measures(tenant.Settings.KeyCustody, key, security.Value, storage.Value, audit.Value, tenant.Settings.Worm);
        var transfers = subProcessors.Active.Where(s => Jurisdictions.Of(s.Country) != residency.Jurisdiction)
            .Select(s => $"{s.Id} processes in {s.Country}: {s.TransferSafeguard ?? "NO SAFEGUARD RECORDED"}")
            .Concat(residency.Safeguards.Select(s => $"tenant safeguard for {s.Destination}: {s.Kind}, {s.Reference} (recorded {s.RecordedAt:yyyy-MM-dd})"))
            .Concat(residency.Decisions.Where(d => !d.Allowed).Take(20).Select(d => $"refused: {d.Purpose} in {d.Destination} on {d.At:yyyy-MM-dd} ({d.Reason})"))
            .ToList();
        var acknowledged = incidents.Count(i => i.Notification.AcknowledgedAt is not null);
        return new RecordOfProcessing
        {
            TenantId = tenantId,
            GeneratedAt = now,
            Controller = tenant.Settings.DisplayName,
            Contacts = new Dictionary<string, string>
            {
                ["Controller"] = tenant.Settings.DisplayName,
                ["Processor"] = governance.Value.ProcessorName,
                ["Processor privacy contact"] = governance.Value.ProcessorContact,
                ["Processor data-protection officer"] = governance.Value.DataProtectionOfficer,
            },
            Purposes = RecordOfProcessingContent.Purposes,
            DataCategories = RecordOfProcessingContent.DataCategories,
            DataSubjectCategories = RecordOfProcessingContent.DataSubjectCategories,
            ResidencyRegion = $"{tenant.Settings.ResidencyRegion} ({residency.Jurisdiction})",
            Retention = tenant.Retention,
            ActiveHolds = holds,
            SubProcessors = subProcessors.Active,
            RoutedAround = subProcessors.RoutedAround,
            SecurityMeasures = measures,
            Transfers = transfers.Count == 0 ? [$"none: every sub-processor in force processes in {residency.Jurisdiction}"] : transfers,
            Risks = RecordOfProcessingContent.Risks(measures, tenant, holds, transfers.Count, governance.Value.IncidentNotificationTarget),
            Incidents = $"{incidents.Count} incident(s); {incidents.Count(i => i.Notification.WithinTarget)} notified within the {governance.Value.IncidentNotificationTarget.TotalHours:0} h target; {acknowledged} acknowledged.",
        };
    }
}
