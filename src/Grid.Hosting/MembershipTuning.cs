namespace Grid.Hosting;

/// <summary>How fast a dead silo is detected and evicted (configuration section <c>Grid:Membership</c>).</summary>
public sealed class MembershipTuning
{
    /// <summary>Timeout of one silo-to-silo probe.</summary>
    public TimeSpan? ProbeTimeout { get; set; }

    /// <summary>Missed probes before a silo is suspected.</summary>
    public int? NumMissedProbesLimit { get; set; }

    /// <summary>How often the membership table is re-read.</summary>
    public TimeSpan? TableRefreshTimeout { get; set; }
}
