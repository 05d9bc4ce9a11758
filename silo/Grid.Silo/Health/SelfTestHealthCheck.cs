using Grid.Operations;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Grid.Silo.Health;

/// <summary>The last scheduled self-test: healthy when it passed, unhealthy when it failed, degraded before the first.</summary>
public sealed class SelfTestHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var last = await grains.GetGrain<ICanaryGrain>(ICanaryGrain.Key).GetLastResultAsync();
        return last switch
        {
            null => HealthCheckResult.Degraded("no self-test has run yet"),
            { Ok: true } => HealthCheckResult.Healthy($"self-test passed at {last.At:O} in {last.DurationMs} ms"),
            _ => HealthCheckResult.Unhealthy($"self-test failed at {last.At:O}: {last.Error}"),
        };
    }
}
