namespace Grid.Governance;

/// <summary>A change an operator announces.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Governance.SubProcessorChangeSpec")]
public sealed record SubProcessorChangeSpec
{
    /// <summary>Add, replace or remove.</summary>
    [Id(0)]
    public SubProcessorChangeKind Kind { get; init; }

    /// <summary>The new sub-processor (add, replace); null for a removal.</summary>
    [Id(1)]
    public SubProcessor? SubProcessor { get; init; }

    /// <summary>The sub-processor replaced or removed; null for an addition.</summary>
    [Id(2)]
    public string? ReplacesId { get; init; }

    /// <summary>When the change takes effect: no earlier than 10 days after the announcement.</summary>
    [Id(3)]
    public DateTimeOffset EffectiveAt { get; init; }
}
