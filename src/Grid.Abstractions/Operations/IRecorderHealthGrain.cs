using Grid.Security;

namespace Grid.Operations;

/// <summary>One recorder instance (an SRS node, a frontend) as its heartbeats describe it.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Operations.RecorderSource")]
public sealed record RecorderSource
{
    /// <summary>The instance's label (e.g. the SRS's node name).</summary>
    [Id(0)]
    public string Source { get; init; } = string.Empty;

    /// <summary>The recorder credential's subject it sends with.</summary>
    [Id(1)]
    public string Principal { get; init; } = string.Empty;

    /// <summary>The last heartbeat.</summary>
    [Id(2)]
    public DateTimeOffset LastSeen { get; init; }

    /// <summary>Sessions it had open then.</summary>
    [Id(3)]
    public int LiveSessions { get; init; }

    /// <summary>True when no heartbeat came for <c>Grid:Limits:RecorderSilentAfter</c> (announced as <c>recorder.silent</c>).</summary>
    [Id(4)]
    public bool Silent { get; init; }
}

/// <summary>
/// A tenant's recorders' heartbeats (keyed by tenant id): an SRS or frontend that stops sending is found by the Grid
/// and announced (<c>recorder.silent</c>), and its return too (<c>recorder.resumed</c>).
/// </summary>
[Alias("Grid.Operations.IRecorderHealthGrain")]
public interface IRecorderHealthGrain : IGrainWithStringKey
{
    /// <summary>Says the calling recorder instance is alive, with its open sessions.</summary>
    /// <param name="source">The instance's label (1–64 of a–z, 0–9, '-', '.', '_').</param>
    /// <param name="liveSessions">Sessions open on it (0 or more).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the heartbeat is durable.</returns>
    [Alias("Heartbeat")]
    [GridAccess(GridRoles.Recorder)]
    Task HeartbeatAsync(string source, int liveSessions, CancellationToken cancellationToken = default);

    /// <summary>The tenant's recorder instances seen in the last 7 days.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The instances, by source.</returns>
    [Alias("Get")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.Auditor)]
    Task<IReadOnlyList<RecorderSource>> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks (and announces once) the instances silent for longer than the limit; run by a reminder every minute.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many became silent.</returns>
    [Alias("Check")]
    [InternalOnly]
    Task<int> CheckAsync(CancellationToken cancellationToken = default);
}
