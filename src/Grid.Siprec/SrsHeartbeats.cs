using System.Text;
using Grid.Client.Credentials;
using Grid.Operations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Siprec;

/// <summary>
/// Tells the Grid, for each route's tenant, that this SRS instance is alive and how many sessions it has open, every
/// <see cref="SrsRoutingOptions.HeartbeatInterval"/>: the Grid announces an SRS that stops (<c>recorder.silent</c>) and
/// its return. A heartbeat that fails is logged and tried again at the next interval.
/// </summary>
public sealed partial class SrsHeartbeats(GridRecordingBackend backend, IGrainFactory grains, IOptions<SrsRoutingOptions> routing, ILogger<SrsHeartbeats> logger, TimeProvider? time = null) : BackgroundService
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    /// <summary>The label this instance reports: the configured name, else the machine name in lower case with other characters as '-'.</summary>
    public string Instance { get; } = Label(routing.Value.InstanceName ?? Environment.MachineName);

    /// <summary>Heartbeats the Grid accepted (for tests and metrics).</summary>
    public long Sent => Interlocked.Read(ref sent);

    private long sent;

    /// <summary>Sends one heartbeat per route now.</summary>
    /// <param name="cancellationToken">Stops sending.</param>
    /// <returns>A task that completes when each was tried.</returns>
    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        foreach (var route in routing.Value.Routes.DistinctBy(r => (r.TenantId, r.ClientId)))
        {
            try
            {
                var token = await backend.CredentialOf(route).GetTokenAsync(cancellationToken);
                using (GridCredentials.Use(token))
                {
                    await grains.GetGrain<IRecorderHealthGrain>(route.TenantId).HeartbeatAsync(Instance, backend.OpenRecordings, cancellationToken);
                }

                Interlocked.Increment(ref sent);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Failed(logger, route.Name, e.GetType().Name);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(routing.Value.HeartbeatInterval, clock);
        do
        {
            await BeatAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private static string Label(string name)
    {
        var label = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            label.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '_' ? c : '-');
        }

        return label.Length == 0 ? "srs" : label.ToString(0, Math.Min(64, label.Length));
    }

    [LoggerMessage(EventId = 12907, Level = LogLevel.Warning, Message = "Heartbeat of route {Route} to the Grid failed ({Error}); tried again at the next interval")]
    private static partial void Failed(ILogger logger, string route, string error);
}
