using Grid.Governance;

namespace Grid.Grains.Governance;

/// <summary>An incident's persisted state.</summary>
[GenerateSerializer, Alias("Grid.Grains.Governance.IncidentState")]
public sealed class IncidentState
{
    /// <summary>The incident, once declared.</summary>
    [Id(0)]
    public IncidentInfo? Info { get; set; }

    /// <summary>When each tenant's notice was last sent (the escalation clock).</summary>
    [Id(1)]
    public Dictionary<string, DateTimeOffset> LastSent { get; set; } = [];
}
