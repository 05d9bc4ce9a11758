using Grid.Grains.Operations;
using Grid.Operations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Hosting;

/// <summary>
/// Schedules the self-test once the silo has started (idempotent across silos). A scheduling failure is logged
/// and shows as a missing self-test in health; it never stops the silo.
/// </summary>
internal sealed partial class CanaryScheduler(IGrainFactory grains, IOptions<CanaryOptions> options, ILogger<CanaryScheduler> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        try
        {
            await grains.GetGrain<ICanaryGrain>(ICanaryGrain.Key).EnsureScheduledAsync();
        }
        catch (Exception e) when (e is ArgumentException or OrleansException or TimeoutException)
        {
            LogNotScheduled(logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The self-test could not be scheduled: {Reason}")]
    private static partial void LogNotScheduled(ILogger logger, string reason);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
