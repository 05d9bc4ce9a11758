using Grid.Security;

namespace Grid.Retention;

/// <summary>
/// A tenant's retention sweeper, keyed by tenant id: one reminder per tenant wakes it; each wake-up recomputes what
/// is overdue from the durable due-index (missed ticks are not replayed by Orleans, and need not be).
/// </summary>
[Alias("Grid.Retention.IRetentionGrain")]
[InternalOnly]
public interface IRetentionGrain : IGrainWithStringKey
{
    /// <summary>Registers the tenant's sweep reminder (idempotent).</summary>
    /// <returns>A task.</returns>
    [Alias("EnsureScheduled")]
    [Orleans.Concurrency.AlwaysInterleave]
    Task EnsureScheduledAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes every recording whose retention has expired, except those under a legal hold.</summary>
    /// <returns>What was done.</returns>
    [Alias("Sweep")]
    [ResponseTimeout("00:30:00")]
    Task<SweepReport> SweepAsync(CancellationToken cancellationToken = default);

    /// <summary>Unregisters the reminder (after termination).</summary>
    /// <returns>A task.</returns>
    [Alias("Stop")]
    Task StopAsync(CancellationToken cancellationToken = default);
}
