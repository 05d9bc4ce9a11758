namespace Grid.Governance;

/// <summary>A tenant's objection to a change, and what followed.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Governance.SubProcessorObjection")]
public sealed record SubProcessorObjection
{
    /// <summary>The tenant's reason (1-1000 characters).</summary>
    [Id(0)]
    public required string Reason { get; init; }

    /// <summary>When it was recorded.</summary>
    [Id(1)]
    public DateTimeOffset At { get; init; }

    /// <summary>Who objected (verified subject).</summary>
    [Id(2)]
    public string By { get; init; } = "";

    /// <summary>True when the Grid keeps the tenant away from the new sub-processor; false when the tenant must choose.</summary>
    [Id(3)]
    public bool RoutedAround { get; init; }

    /// <summary>The tenant's choice when it could not be routed around.</summary>
    [Id(4)]
    public ObjectionChoice Choice { get; init; }

    /// <summary>When the choice was recorded.</summary>
    [Id(5)]
    public DateTimeOffset? ChoiceAt { get; init; }

    /// <summary>Who chose.</summary>
    [Id(6)]
    public string? ChoiceBy { get; init; }
}
