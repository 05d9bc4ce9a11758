using Grid.Crypto.Custody;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Grid.Silo.Health;

/// <summary>
/// Ready only when every configured key custody can do a real wrap/unwrap round trip with a health-check key
/// (tenant <c>grid-health</c>; never a customer's key).
/// </summary>
public sealed class KeyCustodyHealthCheck(IEnumerable<IKeyCustody> custodies) : IHealthCheck
{
    private const string HealthTenant = "grid-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failures = new List<string>();
        foreach (var custody in custodies.Where(c => c.Kind != Grid.Keys.KeyCustodyKind.AzureKeyVault))
        {
            try
            {
                var key = await custody.CreateKeyAsync(HealthTenant, 1, cancellationToken);
                var probe = new byte[32];
                var wrapped = await custody.WrapAsync(key, probe, "health"u8.ToArray(), cancellationToken);
                var back = await custody.UnwrapAsync(wrapped, "health"u8.ToArray(), cancellationToken);
                if (!back.AsSpan().SequenceEqual(probe))
                {
                    failures.Add($"{custody.Kind}: round trip mismatch");
                }
            }
            catch (Exception e)
            {
                failures.Add($"{custody.Kind}: {e.GetType().Name}");
            }
        }

        return failures.Count == 0 ? HealthCheckResult.Healthy("key custody ok") : HealthCheckResult.Unhealthy(string.Join("; ", failures));
    }
}
