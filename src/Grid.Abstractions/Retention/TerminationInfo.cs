namespace Grid.Retention;

/// <summary>A tenant's termination and the deletion that follows it.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Retention.TerminationInfo")]
public sealed record TerminationInfo
{
    /// <summary>When termination was requested.</summary>
    [Id(0)]
    public DateTimeOffset RequestedAt { get; init; }

    /// <summary>The contract's termination date.</summary>
    [Id(1)]
    public DateTimeOffset EffectiveAt { get; init; }

    /// <summary>End of the return (export) window: deletion starts then.</summary>
    [Id(2)]
    public DateTimeOffset DeletionStartsAt { get; init; }

    /// <summary>Everything is deleted by then (at most 15 days after <see cref="EffectiveAt"/>).</summary>
    [Id(3)]
    public DateTimeOffset DeleteBy { get; init; }

    /// <summary>When deletion completed.</summary>
    [Id(4)]
    public DateTimeOffset? CompletedAt { get; init; }
}
