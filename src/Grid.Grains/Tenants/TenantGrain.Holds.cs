using Grid.Calls;
using Grid.Errors;
using Grid.Retention;
using Grid.Security.Calls;

namespace Grid.Grains.Tenants;

/// <summary>The tenant's legal holds: placed on one call or on every recording, released, found, listed (audited).</summary>
public sealed partial class TenantGrain
{
    public async Task<LegalHold> PlaceHoldAsync(string caseReference, string? callId, string? legalBasis = null, CancellationToken cancellationToken = default)
    {
        RequireProvisioned();
        CallMetadataRules.CheckText(caseReference, "caseReference", 128, required: true);
        CallMetadataRules.CheckText(legalBasis, "legalBasis", 256, required: false);
        if (callId is not null)
        {
            GridIds.RequireCallId(callId);
        }

        var hold = new LegalHold
        {
            HoldId = "hold-" + Guid.NewGuid().ToString("N")[..12],
            CaseReference = caseReference,
            CallId = callId,
            LegalBasis = legalBasis,
            PlacedAt = time.GetUtcNow(),
            PlacedBy = GridCaller.AuditName,
        };
        state.State.Holds.Add(hold);
        await AuditAsync("hold.place", GridCaller.AuditName, callId);
        await WriteAsync();
        await SyncStorageHoldsAsync(callId);
        return hold;
    }

    public async Task<LegalHold> ReleaseHoldAsync(string holdId, CancellationToken cancellationToken = default)
    {
        RequireProvisioned();
        var index = state.State.Holds.FindIndex(h => h.HoldId == holdId);
        if (index < 0)
        {
            throw new GridValidationException("No legal hold with this id exists for the tenant.");
        }

        var hold = state.State.Holds[index];
        if (hold.ReleasedAt is null)
        {
            hold = hold with { ReleasedAt = time.GetUtcNow() };
            state.State.Holds[index] = hold;
            await AuditAsync("hold.release", GridCaller.AuditName, hold.CallId);
            await WriteAsync();
            await SyncStorageHoldsAsync(hold.CallId);
        }

        return hold;
    }

    /// <summary>
    /// WORM mode: a legal hold is also a storage legal hold on the recording's write-once copy (the call's, or every
    /// recording's for a tenant-wide hold), set when placed and cleared when no hold covers the call any more.
    /// </summary>
    private async Task SyncStorageHoldsAsync(string? callId)
    {
        if (state.State.Settings?.Worm != true)
        {
            return;
        }

        bool Held(string id) => ActiveHoldOf(id) is not null;
        if (callId is not null)
        {
            await GrainFactory.GetGrain<ICallGrain>(GridIds.CallKey(TenantId, callId)).SyncStorageHoldAsync(Held(callId));
            return;
        }

        await foreach (var id in recordings.ListCallIdsAsync(TenantId, CancellationToken.None))
        {
            await GrainFactory.GetGrain<ICallGrain>(GridIds.CallKey(TenantId, id)).SyncStorageHoldAsync(Held(id));
        }
    }

    public Task<LegalHold?> FindHoldAsync(string callId, CancellationToken cancellationToken = default)
    {
        RequireProvisioned();
        return Task.FromResult(ActiveHoldOf(callId));
    }

    public async Task<IReadOnlyList<LegalHold>> GetHoldsAsync(CancellationToken cancellationToken = default)
    {
        RequireProvisioned();
        await Grid.Grains.Audit.PersonReads.AuditAsync(GrainFactory, this.GetPrimaryKeyString(), "holds.read", null, time.GetUtcNow());
        return [.. state.State.Holds];
    }

    /// <summary>The hold in force over <paramref name="callId"/> (one naming it, or a tenant-wide one), if any.</summary>
    private LegalHold? ActiveHoldOf(string callId) =>
        state.State.Holds.FirstOrDefault(h => h.ReleasedAt is null && (h.CallId is null || h.CallId == callId));
}
