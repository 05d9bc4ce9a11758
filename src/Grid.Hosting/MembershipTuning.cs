namespace Grid.Hosting;

/// <summary>
/// How fast a dead silo is detected and evicted (configuration section <c>Grid:Membership</c>). The Grid's defaults
/// (1 s probes, 2 missed, the table re-read every 2 s) evict a killed silo in about 2–3 s instead of Orleans' ~15 s,
/// so a recorder whose calls lived there stalls about that long (measured by FaultTests); on a slow or lossy network
/// raise them.
/// </summary>
public sealed class MembershipTuning
{
    /// <summary>Timeout of one silo-to-silo probe (Grid default 1 s).</summary>
    public TimeSpan? ProbeTimeout { get; set; }

    /// <summary>Missed probes before a silo is suspected (Grid default 2).</summary>
    public int? NumMissedProbesLimit { get; set; }

    /// <summary>How often the membership table is re-read (Grid default 2 s).</summary>
    public TimeSpan? TableRefreshTimeout { get; set; }
}
