namespace Grid.Retention;

/// <summary>A tenant's termination, as the contract sets it.</summary>
/// <param name="EffectiveAt">The termination date.</param>
/// <param name="ReturnWindowDays">Days after <paramref name="EffectiveAt"/> the tenant may still export (0–14).</param>
/// <param name="DeleteWithinDays">Days after <paramref name="EffectiveAt"/> by which everything is deleted (1–15; never more than the grid's configured maximum).</param>
/// <param name="Principal">Who asked: set by the Grid to the verified subject of the call; a caller's value is replaced.</param>
[GenerateSerializer, Immutable, Alias("Grid.Retention.TerminationRequest")]
public sealed record TerminationRequest(
    [property: Id(0)] DateTimeOffset EffectiveAt,
    [property: Id(1)] int ReturnWindowDays,
    [property: Id(2)] int DeleteWithinDays,
    [property: Id(3)] string Principal = "");
