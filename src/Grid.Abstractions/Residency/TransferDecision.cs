namespace Grid.Residency;

/// <summary>One decision of the transfer guard.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Residency.TransferDecision")]
public sealed record TransferDecision
{
    /// <summary>When.</summary>
    [Id(0)]
    public DateTimeOffset At { get; init; }

    /// <summary>The destination country.</summary>
    [Id(1)]
    public required string Destination { get; init; }

    /// <summary>What would have moved the data (e.g. <c>webhook endpoint</c>).</summary>
    [Id(2)]
    public required string Purpose { get; init; }

    /// <summary>True when allowed.</summary>
    [Id(3)]
    public bool Allowed { get; init; }

    /// <summary>Why: same jurisdiction, or the safeguard relied on, or the refusal.</summary>
    [Id(4)]
    public string Reason { get; init; } = "";
}
