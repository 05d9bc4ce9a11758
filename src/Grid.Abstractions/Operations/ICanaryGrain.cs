using Grid.Security;

namespace Grid.Operations;

/// <summary>
/// The Grid's scheduled self-test (key <see cref="Key"/>): records a small canary call for the reserved tenant
/// <see cref="TenantId"/> through the real path, reads it back, compares, deletes it. The last result is exported
/// as metrics and health.
/// </summary>
[Alias("Grid.Operations.ICanaryGrain")]
[InternalOnly]
public interface ICanaryGrain : IGrainWithStringKey
{
    /// <summary>The grain key.</summary>
    const string Key = "canary";

    /// <summary>The reserved tenant the self-test records as.</summary>
    const string TenantId = "grid-canary";

    /// <summary>Registers the self-test reminder (idempotent).</summary>
    /// <returns>A task.</returns>
    [Alias("EnsureScheduled")]
    Task EnsureScheduledAsync(CancellationToken cancellationToken = default);

    /// <summary>Runs the self-test now.</summary>
    /// <returns>Its result.</returns>
    [Alias("RunNow")]
    Task<CanaryResult> RunNowAsync(CancellationToken cancellationToken = default);

    /// <summary>The last result, or null before the first run.</summary>
    /// <returns>The result.</returns>
    [Alias("GetLastResult")]
    Task<CanaryResult?> GetLastResultAsync(CancellationToken cancellationToken = default);
}
