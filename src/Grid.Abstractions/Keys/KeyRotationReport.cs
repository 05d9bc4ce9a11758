namespace Grid.Keys;

/// <summary>What a key rotation did.</summary>
/// <param name="NewKey">The new current key version.</param>
/// <param name="Rewrapped">Recordings whose data key was re-wrapped under it.</param>
/// <param name="AlreadyCurrent">Recordings that already used it.</param>
/// <param name="Failed">Call ids whose re-wrap failed (they still unwrap with their old version).</param>
[GenerateSerializer, Immutable, Alias("Grid.Keys.KeyRotationReport")]
public sealed record KeyRotationReport(
    [property: Id(0)] KeyReference NewKey,
    [property: Id(1)] int Rewrapped,
    [property: Id(2)] int AlreadyCurrent,
    [property: Id(3)] IReadOnlyList<string> Failed);
