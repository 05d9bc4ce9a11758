namespace Grid.Keys;

/// <summary>Why a data key is unwrapped, and for whom: written to the audit log with every key use.</summary>
/// <param name="Purpose">e.g. <c>append</c>, <c>playback</c>, <c>metadata</c>, <c>rewrap</c>.</param>
/// <param name="Principal">Opaque subject id of the principal, or <c>grid:*</c> for the Grid's own work.</param>
[GenerateSerializer, Immutable, Alias("Grid.Keys.KeyUse")]
public sealed record KeyUse([property: Id(0)] string Purpose, [property: Id(1)] string Principal);
