using Grid.Errors;
using Grid.Keys;
using Grid.Tenants;
using Microsoft.Extensions.Logging;

namespace Grid.Grains.Tenants;

/// <summary>A tenant's policy and life cycle.</summary>
public sealed partial class TenantGrain(
    [PersistentState("tenant", GridGrainStorage.Name)] IPersistentState<TenantState> state,
    TimeProvider time,
    ILogger<TenantGrain> logger) : Grain, ITenantGrain
{
    private string TenantId => field ??= GridIds.RequireTenantId(this.GetPrimaryKeyString());

    public async Task<TenantInfo> ProvisionAsync(TenantSettings settings)
    {
        _ = TenantId;
        TenantSettingsRules.Validate(settings);
        if (state.State.Status != TenantStatus.None)
        {
            if (state.State.Settings != settings)
            {
                throw new TenantUnavailableException(GridErrorCode.TenantAlreadyProvisioned, "The tenant already exists with different settings; change settings through their own operations.");
            }

            return Info();
        }

        var key = await GrainFactory.GetGrain<ITenantKeyGrain>(TenantId).InitializeAsync(settings.KeyCustody);
        state.State.Settings = settings;
        state.State.CurrentKey = key;
        state.State.Status = TenantStatus.Active;
        state.State.ProvisionedAt = time.GetUtcNow();
        await WriteAsync();
        LogProvisioned(logger, TenantId, settings.ResidencyRegion, settings.KeyCustody);
        return Info();
    }

    public Task<TenantInfo> GetInfoAsync()
    {
        RequireProvisioned();
        return Task.FromResult(Info());
    }

    public Task<TenantInfo> EnsureActiveAsync()
    {
        RequireProvisioned();
        return state.State.Status switch
        {
            TenantStatus.Suspended => throw new TenantUnavailableException(GridErrorCode.TenantSuspended, "The tenant is suspended; recording and playback resume when it is resumed."),
            TenantStatus.Terminated => throw new TenantUnavailableException(GridErrorCode.TenantTerminated, "The tenant is terminated; nothing new is accepted."),
            _ => Task.FromResult(Info()),
        };
    }

    public Task<TenantInfo> SuspendAsync() => ChangeStatusAsync(TenantStatus.Active, TenantStatus.Suspended);

    public Task<TenantInfo> ResumeAsync() => ChangeStatusAsync(TenantStatus.Suspended, TenantStatus.Active);

    public async Task<TenantInfo> TerminateAsync()
    {
        RequireProvisioned();
        if (state.State.Status != TenantStatus.Terminated)
        {
            state.State.Status = TenantStatus.Terminated;
            await WriteAsync();
            LogStatus(logger, TenantId, TenantStatus.Terminated);
        }

        return Info();
    }

    private async Task<TenantInfo> ChangeStatusAsync(TenantStatus from, TenantStatus to)
    {
        RequireProvisioned();
        if (state.State.Status == to)
        {
            return Info();
        }

        if (state.State.Status != from)
        {
            throw new TenantUnavailableException(
                state.State.Status == TenantStatus.Terminated ? GridErrorCode.TenantTerminated : GridErrorCode.TenantSuspended,
                $"The tenant is {state.State.Status}; it can only become {to} from {from}.");
        }

        state.State.Status = to;
        await WriteAsync();
        LogStatus(logger, TenantId, to);
        return Info();
    }

    private void RequireProvisioned()
    {
        _ = TenantId;
        if (state.State.Status == TenantStatus.None)
        {
            throw new TenantUnavailableException(GridErrorCode.TenantUnknown, "No tenant with this id is provisioned; provision it first.");
        }
    }

    private TenantInfo Info() => new()
    {
        TenantId = TenantId,
        Settings = state.State.Settings!,
        Status = state.State.Status,
        CurrentKey = state.State.CurrentKey,
        ProvisionedAt = state.State.ProvisionedAt,
    };

    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e) when (e is not GridException)
        {
            throw new StorageUnavailableException("Tenant state could not be written; nothing changed. Retry.", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {TenantId} provisioned in {Region} with {Custody} key custody")]
    private static partial void LogProvisioned(ILogger logger, string tenantId, string region, KeyCustodyKind custody);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {TenantId} is now {Status}")]
    private static partial void LogStatus(ILogger logger, string tenantId, TenantStatus status);
}
