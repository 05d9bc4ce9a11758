using Grid.Calls;
using Grid.Grains.Tenants;
using Grid.Retention;
using Grid.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Grains.Retention;

/// <summary>
/// A tenant's retention sweeper: one reminder per tenant; every wake-up reads what is overdue from the durable
/// due-index (so ticks missed while the cluster was down cost nothing) and deletes it, except under legal hold.
/// </summary>
public sealed partial class RetentionGrain(
    RetentionIndex index,
    Grid.Storage.Log.LogCollector collector,
    GridTime time,
    IOptions<RetentionOptions> options,
    ILogger<RetentionGrain> logger) : Grain, IRetentionGrain, IRemindable
{
    private const string ReminderName = "retention-sweep";
    private bool scheduled;

    private string TenantId => field ??= GridIds.RequireTenantId(this.GetPrimaryKeyString());

    public async Task EnsureScheduledAsync(CancellationToken cancellationToken = default)
    {
        if (!scheduled)
        {
            var period = options.Value.SweepPeriod;
            await this.RegisterOrUpdateReminder(ReminderName, period, period);
            scheduled = true;
        }
    }

    public async Task<SweepReport> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        int deleted = 0, held = 0;
        foreach (var (callId, _) in await index.DueAsync(TenantId, now, cancellationToken))
        {
            var summary = await GrainFactory.GetGrain<ICallGrain>(GridIds.CallKey(TenantId, callId)).DeleteAsync("retention", "grid:retention");
            if (summary.Status == CallStatus.Deleted)
            {
                deleted++;
            }
            else
            {
                held++;
            }
        }

        // The deleted recordings were unreadable at once (manifest and wrapped key gone); their bytes go with the
        // log segments no live recording needs, or when compaction has copied the live frames out of theirs.
        var segments = await collector.CollectAsync(TenantId, CancellationToken.None);
        if (deleted + held + segments.Deleted + segments.Compacted > 0)
        {
            LogSwept(logger, TenantId, deleted, held, segments.Deleted, segments.Compacted, segments.BytesCopied);
        }

        return new SweepReport(deleted, held, segments.Deleted, segments.Compacted);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        scheduled = false;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == ReminderName ? SweepAsync() : Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention sweep of {TenantId}: {Deleted} deleted, {Held} kept under legal hold, {Segments} log segments removed, {Compacted} compacted ({BytesCopied} bytes copied)")]
    private static partial void LogSwept(ILogger logger, string tenantId, int deleted, int held, int segments, int compacted, long bytesCopied);
}
