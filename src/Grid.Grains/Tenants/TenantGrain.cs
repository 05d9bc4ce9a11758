using Grid.Audit;
using Grid.Errors;
using Grid.Keys;
using Grid.Retention;
using Grid.Security.Calls;
using Grid.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Grains.Tenants;

/// <summary>A tenant's policy and life cycle (legal holds: <c>TenantGrain.Holds.cs</c>).</summary>
public sealed partial class TenantGrain(
    [PersistentState("tenant", GridGrainStorage.Name)] IPersistentState<TenantState> state,
    GridTime time,
    IOptions<TerminationOptions> terminationOptions,
    IOptions<Grid.Grains.Residency.ResidencyOptions> residency,
    Grid.Storage.StorageAccounts accounts,
    Grid.Storage.WormStorage worm,
    Grid.Storage.RecordingStore recordings,
    ILogger<TenantGrain> logger) : Grain, ITenantGrain, IRemindable
{
    private string TenantId => field ??= GridIds.RequireTenantId(this.GetPrimaryKeyString());

    private Grid.Grains.Events.EventOutbox Outbox => field ??= new(this, () => state.State.Outbox, WriteAsync, logger);

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == Grid.Grains.Events.EventOutbox.ReminderName ? Outbox.OnReminderAsync() : Task.CompletedTask;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Outbox.Resume();
        return Task.CompletedTask;
    }

    public async Task<TenantInfo> ProvisionAsync(TenantSettings settings, CancellationToken cancellationToken = default)
    {
        _ = TenantId;
        TenantSettingsRules.Validate(settings);
        if (state.State.Status == TenantStatus.None && GridIds.IsReservedTenantId(TenantId) && !GridCaller.IsInternal)
        {
            // The processor's own tenants (the self-test's) and keys (the console's key ring) use these ids.
            throw new GridValidationException($"Tenant ids starting with '{GridIds.ReservedTenantPrefix}' are reserved for the processor; choose another id.");
        }

        if (state.State.Status == TenantStatus.None && !residency.Value.Effective.ContainsKey(settings.ResidencyRegion))
        {
            throw new GridValidationException($"residencyRegion '{settings.ResidencyRegion}' is not a region this Grid stores data in; use one of: {string.Join(", ", residency.Value.Effective.Keys.Order(StringComparer.Ordinal))}.");
        }

        if (state.State.Status != TenantStatus.None)
        {
            if (state.State.Settings != settings)
            {
                throw new TenantUnavailableException(GridErrorCode.TenantAlreadyProvisioned, "The tenant already exists with different settings; change settings through their own operations.");
            }

            await EnsureListedAsync();
            return Info();
        }

        if (settings.Worm)
        {
            // Refused before anything is written when the region's storage cannot keep records write-once.
            await worm.EnsureEnabledAsync(TenantId, settings.ResidencyRegion, cancellationToken);
        }

        // The tenant's region is bound before anything of it is written: from here on its key, state, recordings
        // and audit log go to that region's account only.
        await accounts.BindAsync(TenantId, settings.ResidencyRegion);
        if (settings.Worm)
        {
            // Before the first audit record: the audit store keeps a WORM tenant's checkpoints write-once.
            await worm.MarkAsync(TenantId, settings.RetentionDays, cancellationToken);
        }

        var key = await GrainFactory.GetGrain<ITenantKeyGrain>(TenantId).InitializeAsync(settings.KeyCustody);
        state.State.Settings = settings;
        state.State.CurrentKey = key;
        state.State.Status = TenantStatus.Active;
        state.State.Retention = new RetentionPolicy { DefaultDays = settings.RetentionDays };
        state.State.ProvisionedAt = time.GetUtcNow();
        await WriteAsync();
        await EnsureListedAsync();
        LogProvisioned(logger, TenantId, settings.ResidencyRegion, settings.KeyCustody);
        return Info();
    }

    public async Task<TenantInfo> GetInfoAsync(CancellationToken cancellationToken = default)
    {
        RequireProvisioned();
        await Grid.Grains.Audit.PersonReads.AuditAsync(GrainFactory, this.GetPrimaryKeyString(), "tenant.read", null, time.GetUtcNow());
        return Info();
    }

    public async Task<TenantInfo> EnsureActiveAsync(CancellationToken cancellationToken = default)
    {
        RequireProvisioned();
        switch (state.State.Status)
        {
            case TenantStatus.Suspended: throw new TenantUnavailableException(GridErrorCode.TenantSuspended, "The tenant is suspended; recording and playback resume when it is resumed.");
            case TenantStatus.Terminated: throw new TenantUnavailableException(GridErrorCode.TenantTerminated, "The tenant is terminated; nothing new is accepted.");
            case TenantStatus.Terminating when time.GetUtcNow() < state.State.Termination!.EffectiveAt:
                break; // the contract runs until its termination date: recording goes on until then
            case TenantStatus.Terminating: throw new TenantUnavailableException(GridErrorCode.TenantTerminating, "The tenant is terminating: nothing new is recorded; recordings can be exported until deletion starts.");
        }

        if (state.State.Settings!.Worm)
        {
            // The silo serves a WORM tenant only from storage with version-level immutability (checked once per silo).
            await worm.EnsureEnabledAsync(TenantId, null, cancellationToken);
        }

        await EnsureListedAsync();
        return Info();
    }

    /// <summary>Adds the tenant to the processor's directory once (notices and incidents reach it from then on).</summary>
    private async Task EnsureListedAsync()
    {
        if (!state.State.Listed)
        {
            await GrainFactory.GetGrain<Grid.Governance.ITenantDirectoryGrain>(Grid.Governance.ProcessorScope.Key).RegisterAsync(TenantId);
            state.State.Listed = true;
            await WriteAsync();
        }
    }

    public Task<TenantInfo> EnsureReadableAsync(CancellationToken cancellationToken = default)
    {
        RequireProvisioned();
        return state.State.Status switch
        {
            TenantStatus.Suspended => throw new TenantUnavailableException(GridErrorCode.TenantSuspended, "The tenant is suspended; recording and playback resume when it is resumed."),
            TenantStatus.Terminated => throw new TenantUnavailableException(GridErrorCode.TenantTerminated, "The tenant is terminated and its data deleted."),
            _ => Task.FromResult(Info()),
        };
    }

    public async Task<TenantInfo> SetRetentionPolicyAsync(RetentionPolicy policy, CancellationToken cancellationToken = default)
    {
        RequireProvisioned();
        if (policy is null || policy.DaysByCategory is null
            || policy.DefaultDays is < RetentionPolicy.MinDays or > RetentionPolicy.MaxDays
            || policy.DaysByCategory.Count > 64
            || policy.DaysByCategory.Any(c => c.Value is < RetentionPolicy.MinDays or > RetentionPolicy.MaxDays || !IsCategory(c.Key)))
        {
            throw new GridValidationException($"A retention policy keeps recordings {RetentionPolicy.MinDays}-{RetentionPolicy.MaxDays} days; categories are 1-64 characters of a-z, 0-9, '-' (at most 64 of them).");
        }

        state.State.Retention = policy with { DaysByCategory = new Dictionary<string, int>(policy.DaysByCategory, StringComparer.Ordinal) };
        await AuditAsync("retention.set", GridCaller.AuditName, null);
        await WriteAsync();
        return Info();
    }

    private static bool IsCategory(string? value) =>
        value is { Length: >= 1 and <= 64 } && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    private Task AuditAsync(string action, string principal, string? callId) =>
        GrainFactory.GetGrain<IAuditLogGrain>(TenantId).AppendAsync(new AuditRecord
        {
            TenantId = TenantId,
            At = time.GetUtcNow(),
            Action = action,
            Principal = principal,
            CallId = callId,
        });

    public Task<TenantInfo> SuspendAsync(CancellationToken cancellationToken = default) => ChangeStatusAsync(TenantStatus.Active, TenantStatus.Suspended);

    public Task<TenantInfo> ResumeAsync(CancellationToken cancellationToken = default) => ChangeStatusAsync(TenantStatus.Suspended, TenantStatus.Active);

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
                state.State.Status switch
                {
                    TenantStatus.Terminated => GridErrorCode.TenantTerminated,
                    TenantStatus.Terminating => GridErrorCode.TenantTerminating,
                    _ => GridErrorCode.TenantSuspended,
                },
                $"The tenant is {state.State.Status}; it can only become {to} from {from}.");
        }

        state.State.Status = to;
        await AuditAsync(to == TenantStatus.Suspended ? "tenant.suspend" : "tenant.resume", GridCaller.AuditName, null);
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
        Termination = state.State.Termination,
        Retention = state.State.Retention ?? new RetentionPolicy { DefaultDays = state.State.Settings?.RetentionDays ?? 365 },
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

    [LoggerMessage(EventId = 2110, Level = LogLevel.Warning, Message = "Tenant {TenantId} terminated with its deletion deadline {DeleteBy} less than a day away")]
    private static partial void LogDeadlineNear(ILogger logger, string tenantId, DateTimeOffset deleteBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {TenantId} is now {Status}")]
    private static partial void LogStatus(ILogger logger, string tenantId, TenantStatus status);
}
