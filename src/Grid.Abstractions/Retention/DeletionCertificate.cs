namespace Grid.Retention;

/// <summary>
/// A signed statement of what was deleted. <see cref="Body"/> is canonical JSON; <see cref="Signature"/> is an
/// ECDSA P-256 / SHA-256 signature (IEEE P1363, base64) over its UTF-8 bytes by the processor's signing key, whose
/// SHA-256 SPKI fingerprint is <see cref="KeyId"/>. Verify against the processor's published public key.
/// </summary>
[GenerateSerializer, Immutable, Alias("Grid.Retention.DeletionCertificate")]
public sealed record DeletionCertificate
{
    /// <summary>The certificate's content (canonical JSON).</summary>
    [Id(0)]
    public required string Body { get; init; }

    /// <summary>Base64 ECDSA P-256 signature over the UTF-8 bytes of <see cref="Body"/>.</summary>
    [Id(1)]
    public required string Signature { get; init; }

    /// <summary>Hex SHA-256 of the signing key's SubjectPublicKeyInfo.</summary>
    [Id(2)]
    public required string KeyId { get; init; }

    /// <summary>Always <c>ES256</c>.</summary>
    [Id(3)]
    public string Algorithm { get; init; } = "ES256";
}
