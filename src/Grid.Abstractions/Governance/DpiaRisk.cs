namespace Grid.Governance;

/// <summary>A risk to the people recorded, with the measures in force against it (input to the controller's DPIA).</summary>
[GenerateSerializer, Immutable, Alias("Grid.Governance.DpiaRisk")]
public sealed record DpiaRisk
{
    /// <summary>The risk.</summary>
    [Id(0)]
    public required string Risk { get; init; }

    /// <summary>Measures in force now (read from live configuration).</summary>
    [Id(1)]
    public IReadOnlyList<string> Measures { get; init; } = [];
}
