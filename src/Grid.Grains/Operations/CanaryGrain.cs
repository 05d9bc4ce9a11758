using System.Diagnostics;
using System.Security.Cryptography;
using Grid.Calls;
using Grid.Errors;
using Grid.Grains.Telemetry;
using Grid.Keys;
using Grid.Operations;
using Grid.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Grains.Operations;

/// <summary>The scheduled self-test: encrypt → store → read back → decrypt → compare, through the real recording path.</summary>
public sealed partial class CanaryGrain(GridTime time, IOptions<CanaryOptions> options, IOptions<Grid.Grains.Residency.ResidencyOptions> residency, ILogger<CanaryGrain> logger) : Grain, ICanaryGrain, IRemindable
{
    private const string ReminderName = "canary";
    private CanaryResult? last;

    public async Task EnsureScheduledAsync(CancellationToken cancellationToken = default)
    {
        var period = options.Value.Period;
        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromSeconds(Math.Min(10, period.TotalSeconds)), period);
    }

    public async Task<CanaryResult> RunNowAsync(CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        string? error = null;
        try
        {
            var tenant = GrainFactory.GetGrain<ITenantGrain>(ICanaryGrain.TenantId);
            try
            {
                await tenant.EnsureActiveAsync();
            }
            catch (TenantUnavailableException e) when (e.Code == GridErrorCode.TenantUnknown)
            {
                // First run: the self-test's own tenant, in the first configured region.
                await tenant.ProvisionAsync(new TenantSettings
                {
                    DisplayName = "Grid self-test",
                    ResidencyRegion = residency.Value.Effective.Keys.Order(StringComparer.Ordinal).First(),
                    RetentionDays = 1,
                    KeyCustody = KeyCustodyKind.Software,
                });
            }

            var callId = $"canary-{time.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid():N}"[..40];
            var call = GrainFactory.GetGrain<ICallGrain>(GridIds.CallKey(ICanaryGrain.TenantId, callId));
            var chunks = Enumerable.Range(0, 3).Select(_ => RandomNumberGenerator.GetBytes(1024)).ToList();
            await call.StartAsync(new CallMetadata { MediaType = "application/octet-stream" });
            for (var i = 0; i < chunks.Count; i++)
            {
                await call.AppendAsync(i, chunks[i]);
            }

            await call.EndAsync();
            var read = new List<byte[]>();
            await foreach (var chunk in call.ReadMediaAsync())
            {
                read.Add(chunk);
            }

            if (read.Count != chunks.Count || !read.Zip(chunks).All(p => p.First.AsSpan().SequenceEqual(p.Second)))
            {
                error = "read-back mismatch";
            }

            await call.DeleteAsync("request", "grid:canary");
        }
        catch (GridException e)
        {
            error = e.Code.ToString();
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            error = e.GetType().Name;
        }

        last = new CanaryResult(error is null, time.GetUtcNow(), watch.ElapsedMilliseconds, error);
        GridMetrics.CanaryResult(last.Ok, last.At);
        if (!last.Ok)
        {
            LogFailed(logger, error!);
        }

        return last;
    }

    public Task<CanaryResult?> GetLastResultAsync(CancellationToken cancellationToken = default) => Task.FromResult(last);

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == ReminderName ? RunNowAsync() : Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "Self-test failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}
