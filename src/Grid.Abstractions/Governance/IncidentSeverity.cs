namespace Grid.Governance;

/// <summary>How serious a security incident is.</summary>
public enum IncidentSeverity
{
    /// <summary>Low.</summary>
    Low = 1,

    /// <summary>Medium.</summary>
    Medium = 2,

    /// <summary>High.</summary>
    High = 3,

    /// <summary>Critical.</summary>
    Critical = 4,
}
