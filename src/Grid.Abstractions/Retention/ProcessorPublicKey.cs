namespace Grid.Retention;

/// <summary>The processor's public signing key: deletion certificates, export manifests and audit checkpoints verify against it.</summary>
/// <param name="KeyId">The key's id (SHA-256 of its SubjectPublicKeyInfo, hex), as named in what it signed.</param>
/// <param name="PublicKeyPem">SubjectPublicKeyInfo PEM (ECDSA P-256).</param>
[GenerateSerializer, Immutable, Alias("Grid.Retention.ProcessorPublicKey")]
public sealed record ProcessorPublicKey([property: Id(0)] string KeyId, [property: Id(1)] string PublicKeyPem);
