using Grid.Security;

namespace Grid.Retention;

/// <summary>
/// The deletion that follows a tenant's termination, keyed by tenant id: a reminder wakes it; the deadlines are
/// computed from the termination dates. Deletes every recording not under a legal hold, crypto-shreds the tenant's
/// keys (held recordings are re-wrapped under a key version kept for the hold), and issues a deletion certificate.
/// </summary>
[Alias("Grid.Retention.ITerminationGrain")]
[InternalOnly]
public interface ITerminationGrain : IGrainWithStringKey
{
    /// <summary>Registers the wake-up reminder (idempotent).</summary>
    /// <returns>A task.</returns>
    [Alias("Schedule")]
    Task ScheduleAsync(CancellationToken cancellationToken = default);

    /// <summary>Runs the deletion if it is due; returns the certificate once done (null when not due yet).</summary>
    /// <returns>The certificate, or null.</returns>
    [Alias("RunDue")]
    [ResponseTimeout("00:30:00")]
    Task<DeletionCertificate?> RunDueAsync(CancellationToken cancellationToken = default);
}
