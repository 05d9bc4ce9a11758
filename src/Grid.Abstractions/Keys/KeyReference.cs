namespace Grid.Keys;

/// <summary>Names one version of a tenant's key-encryption key in its custody.</summary>
/// <param name="Custody">The custody provider.</param>
/// <param name="KeyId">The key's id in that custody.</param>
/// <param name="Version">The key version (1 for the first).</param>
[GenerateSerializer, Immutable, Alias("Grid.Keys.KeyReference")]
public sealed record KeyReference(
    [property: Id(0)] KeyCustodyKind Custody,
    [property: Id(1)] string KeyId,
    [property: Id(2)] int Version);
