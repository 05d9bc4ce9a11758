using Grid.Calls;
using Grid.Errors;
using Grid.Grains.Tenants;
using Grid.Keys;
using Grid.Retention;
using Grid.Storage;
using Grid.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Grains.Retention;

/// <summary>
/// Deletion after termination. A reminder only wakes it; whether deletion is due is computed from the tenant's
/// termination dates and <see cref="GridTime"/>. Every recording not under legal hold is deleted; held recordings are
/// re-wrapped under a fresh key version that alone survives; every other key version is destroyed in custody
/// (crypto-shredding, which also covers any copy or backup). Then a signed certificate is issued.
/// </summary>
public sealed partial class TerminationGrain(
    [PersistentState("termination", GridGrainStorage.Name)] IPersistentState<TerminationState> state,
    RecordingStore store,
    Grid.Storage.Log.LogCollector collector,
    GridTime time,
    IOptions<TerminationOptions> options,
    ILogger<TerminationGrain> logger) : Grain, ITerminationGrain, IRemindable
{
    private const string ReminderName = "termination";
    private const string Principal = "grid:termination";

    private string TenantId => field ??= GridIds.RequireTenantId(this.GetPrimaryKeyString());

    public async Task ScheduleAsync(CancellationToken cancellationToken = default)
    {
        _ = TenantId;
        if (state.State.Certificate is null)
        {
            await this.RegisterOrUpdateReminder(ReminderName, options.Value.WakePeriod, options.Value.WakePeriod);
        }
    }

    public async Task<DeletionCertificate?> RunDueAsync(CancellationToken cancellationToken = default)
    {
        if (state.State.Certificate is { } done)
        {
            return done;
        }

        var tenant = GrainFactory.GetGrain<ITenantGrain>(TenantId);
        var termination = (await tenant.GetInfoAsync()).Termination;
        var now = time.GetUtcNow();
        if (termination is null || now < termination.DeletionStartsAt)
        {
            return null;
        }

        if (now > termination.DeleteBy)
        {
            LogLate(logger, TenantId, now - termination.DeleteBy);
        }

        var held = new List<string>();
        var deleted = 0;
        await foreach (var callId in store.ListCallIdsAsync(TenantId, CancellationToken.None))
        {
            var call = GrainFactory.GetGrain<ICallGrain>(GridIds.CallKey(TenantId, callId));
            var summary = await call.DeleteAsync("termination", Principal);
            if (summary.Status == CallStatus.Deleted)
            {
                deleted++;
            }
            else
            {
                held.Add(callId);
            }
        }

        // Whole segments go: a tenant's segments hold only its own frames; the held recordings' frames are copied out
        // of the segments they shared with deleted ones, which then go too (no grace, no budget).
        await collector.CollectAsync(TenantId, CancellationToken.None, immediate: true);
        var keys = GrainFactory.GetGrain<ITenantKeyGrain>(TenantId);
        if (held.Count > 0)
        {
            // Held recordings move to a fresh key version; every other version is shredded.
            await keys.RotateAsync();
            foreach (var callId in held)
            {
                await GrainFactory.GetGrain<ICallGrain>(GridIds.CallKey(TenantId, callId)).RewrapKeyAsync();
            }

            await keys.DestroyAsync(Principal, retainCurrentVersion: true);
        }
        else
        {
            await keys.DestroyAsync(Principal);
            await store.DeleteContainerIfEmptyAsync(TenantId, CancellationToken.None);
        }

        await GrainFactory.GetGrain<IRetentionGrain>(TenantId).StopAsync();
        await tenant.CompleteTerminationAsync();
        var certificate = await GrainFactory.GetGrain<ICertificateGrain>(TenantId).IssueAsync("termination");
        state.State.Certificate = certificate;
        await Outbox.CommitAsync(TenantId, time.GetUtcNow(), new Grid.Events.TerminationCompleted());

        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        LogCompleted(logger, TenantId, deleted, held.Count);
        return certificate;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => reminderName switch
    {
        ReminderName => RunDueAsync(),
        Grid.Grains.Events.EventOutbox.ReminderName => Outbox.OnReminderAsync(),
        _ => Task.CompletedTask,
    };

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Outbox.Resume();
        return Task.CompletedTask;
    }

    private Grid.Grains.Events.EventOutbox Outbox => field ??= new(this, () => state.State.Outbox, WriteAsync, logger);

    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e) when (e is not GridException)
        {
            throw new StorageUnavailableException("The termination state could not be written; the workflow retries.", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Termination deletion of {TenantId} runs {Late} after its deadline (the cluster was down when it was due)")]
    private static partial void LogLate(ILogger logger, string tenantId, TimeSpan late);

    [LoggerMessage(Level = LogLevel.Information, Message = "Termination of {TenantId} complete: {Deleted} recordings deleted, {Held} retained under legal hold")]
    private static partial void LogCompleted(ILogger logger, string tenantId, int deleted, int held);
}
