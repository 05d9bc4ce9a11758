using Grid.Storage.Log;

namespace Grid.Hosting;

/// <summary>
/// Puts the silo's recording log (<see cref="RecordingLog"/>) in the silo's lifecycle, at
/// <see cref="ServiceLifecycleStage.ApplicationServices"/>. It opens before the silo becomes active (before any
/// client call or grain can append) and stops after the grains are gone: a silo stops its stages from the highest
/// down, and deactivates its grains at <see cref="ServiceLifecycleStage.GrainDeactivation"/> (just below
/// <see cref="ServiceLifecycleStage.Active"/>), waiting for each grain's running request (an append awaiting the log)
/// and for its <c>OnDeactivateAsync</c> (a recording call's last manifest checkpoint). Only then does the log stop:
/// it refuses new frames, writes every frame still queued and waits for its lanes' appends, within
/// <c>Grid:Storage:Log:DrainTimeout</c>; the storage clients it writes through are not lifecycle-bound, and the
/// silo's messaging, which the grains needed, stops in lower stages after it.
/// </summary>
public sealed class RecordingLogLifecycle(RecordingLog log) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(
            nameof(RecordingLog),
            ServiceLifecycleStage.ApplicationServices,
            _ =>
            {
                log.Start();
                return Task.CompletedTask;
            },
            log.StopAsync);
}
