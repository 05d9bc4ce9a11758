namespace Grid.Keys;

/// <summary>A data key wrapped (encrypted) by a tenant's key-encryption key.</summary>
/// <param name="Key">The wrapping key and version.</param>
/// <param name="Algorithm">The wrapping algorithm, e.g. <c>A256GCM</c>.</param>
/// <param name="Ciphertext">The wrapped data key.</param>
[GenerateSerializer, Immutable, Alias("Grid.Keys.WrappedKey")]
public sealed record WrappedKey(
    [property: Id(0)] KeyReference Key,
    [property: Id(1)] string Algorithm,
    [property: Id(2)] byte[] Ciphertext);
