using Microsoft.Extensions.Logging;

namespace Grid.Hosting;

/// <summary>
/// Says once, as one warning, that another silo died and what happens next — instead of the connection and placement
/// errors about it that Orleans and its retry policy log while the cluster finds out (those categories are kept at
/// Error and above by <see cref="GridLogDefaults"/>). A silo that shut down gracefully is noted at Information.
/// </summary>
public sealed partial class SiloDeathLog(IClusterMembershipService membership, ILocalSiloDetails local, ILogger<SiloDeathLog> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource stopping = new();
    private Task? watching;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(
            nameof(SiloDeathLog),
            ServiceLifecycleStage.Active,
            _ =>
            {
                watching = Task.Run(WatchAsync);
                return Task.CompletedTask;
            },
            async _ =>
            {
                await stopping.CancelAsync();
                if (watching is not null)
                {
                    await watching;
                }
            });

    private async Task WatchAsync()
    {
        var known = new Dictionary<SiloAddress, SiloStatus>();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stopping.Token))
            {
                foreach (var (address, member) in snapshot.Members)
                {
                    var was = known.GetValueOrDefault(address, SiloStatus.None);
                    known[address] = member.Status;
                    if (member.Status != SiloStatus.Dead || was is SiloStatus.None or SiloStatus.Dead || address.Equals(local.SiloAddress))
                    {
                        continue;
                    }

                    if (was is SiloStatus.ShuttingDown or SiloStatus.Stopping)
                    {
                        LogLeft(logger, address.ToString(), member.Name);
                    }
                    else
                    {
                        LogDied(logger, address.ToString(), member.Name, was.ToString());
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} ({Name}) stopped answering and the cluster declared it dead (it was {Status}). Its calls reactivate on the surviving silos when their recorders resend what was not acknowledged; nothing acknowledged is lost. Connection errors to it are not logged below Error.")]
    private static partial void LogDied(ILogger logger, string silo, string name, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} ({Name}) left the cluster after a graceful shutdown; its calls moved to the surviving silos.")]
    private static partial void LogLeft(ILogger logger, string silo, string name);
}
