namespace Grid.Governance;

/// <summary>One entry of an incident's timeline.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Governance.IncidentUpdate")]
public sealed record IncidentUpdate
{
    /// <summary>When.</summary>
    [Id(0)]
    public DateTimeOffset At { get; init; }

    /// <summary>Who (verified subject, or <c>grid:incidents</c> for the escalation reminder).</summary>
    [Id(1)]
    public string By { get; init; } = "";

    /// <summary>What was learnt or done.</summary>
    [Id(2)]
    public required string Text { get; init; }
}
