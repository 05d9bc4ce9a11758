using Grid.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Grid.Silo.Health;

/// <summary>Ready only when every storage account (main and regions') answers (blob service properties within 3 s).</summary>
public sealed class StorageHealthCheck(StorageAccounts accounts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await Task.WhenAll(accounts.Accounts.Select(a => a.Blobs.GetPropertiesAsync(timeout.Token)));
            return HealthCheckResult.Healthy("storage reachable");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("storage unreachable: " + e.GetType().Name);
        }
    }
}
