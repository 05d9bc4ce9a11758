using Grid.Errors;
using Grid.Residency;
using Grid.Security.Calls;
using Grid.Tenants;
using Microsoft.Extensions.Options;

namespace Grid.Grains.Residency;

/// <summary>A tenant's transfer guard (<see cref="ITenantTransfersGrain"/>).</summary>
public sealed class TenantTransfersGrain(
    [PersistentState("tenant-transfers", GridGrainStorage.Name)] IPersistentState<TenantTransfersState> state,
    IOptions<ResidencyOptions> options,
    GridTime time) : Grain, ITenantTransfersGrain
{
    private const int KeptDecisions = 200;

    private string TenantId => field ??= GridIds.RequireTenantId(this.GetPrimaryKeyString());

    public async Task<TenantTransfers> RecordSafeguardAsync(string destination, TransferSafeguardKind kind, string reference, CancellationToken cancellationToken = default)
    {
        var country = TransferRules.Country(destination);
        if (!Enum.IsDefined(kind) || string.IsNullOrWhiteSpace(reference) || reference.Length > 256)
        {
            throw new GridValidationException("A safeguard names its kind (adequacyDecision, standardContractualClauses, bindingCorporateRules) and a reference of 1-256 characters.");
        }

        var (region, _) = await RegionAsync();
        var now = time.GetUtcNow();
        state.State.Safeguards.RemoveAll(s => s.Destination == country);
        state.State.Safeguards.Add(new TransferSafeguard { Destination = country, Kind = kind, Reference = reference, RecordedAt = now, RecordedBy = GridCaller.AuditName });
        await state.WriteOrThrowAsync();
        await Grid.Grains.Audit.TenantAudit.AppendAsync(GrainFactory, TenantId, "transfer.safeguard", $"{country}: {kind}", GridCaller.AuditName, now);
        return await GetAsync(region);
    }

    public async Task<TenantTransfers> GetAsync(CancellationToken cancellationToken = default) => await GetAsync((await RegionAsync()).Region);

    public async Task<TransferDecision> CheckAsync(string destination, string purpose, CancellationToken cancellationToken = default)
    {
        var (_, jurisdiction) = await RegionAsync();
        var decision = TransferRules.Decide(jurisdiction, destination, purpose, state.State.Safeguards, time.GetUtcNow());
        state.State.Decisions.Add(decision);
        if (state.State.Decisions.Count > KeptDecisions)
        {
            state.State.Decisions.RemoveRange(0, state.State.Decisions.Count - KeptDecisions);
        }

        await state.WriteOrThrowAsync();
        await Grid.Grains.Audit.TenantAudit.AppendAsync(GrainFactory, TenantId, decision.Allowed ? "transfer.allowed" : "transfer.refused",
            $"{purpose} in {decision.Destination}: {decision.Reason}", GridCaller.AuditName, decision.At);
        return decision.Allowed
            ? decision
            : throw new TransferRefusedException($"Transfer refused: {decision.Reason}. Record a safeguard for {decision.Destination} (POST .../transfers/safeguards) or choose a destination in {jurisdiction}.");
    }

    private Task<TenantTransfers> GetAsync(string region) => Task.FromResult(new TenantTransfers
    {
        Region = region,
        Jurisdiction = JurisdictionOf(region),
        Safeguards = state.State.Safeguards,
        Decisions = [.. state.State.Decisions.AsEnumerable().Reverse()],
    });

    private async Task<(string Region, string Jurisdiction)> RegionAsync()
    {
        var region = (await GrainFactory.GetGrain<ITenantGrain>(TenantId).EnsureReadableAsync()).Settings.ResidencyRegion;
        return (region, JurisdictionOf(region));
    }

    private string JurisdictionOf(string region) =>
        options.Value.Effective.TryGetValue(region, out var settings)
            ? settings.Jurisdiction
            : throw new GovernanceException(GridErrorCode.GovernanceState, $"The tenant's region '{region}' is no longer configured (Grid:Residency:Regions).");
}
