namespace Grid.Grains.Security;

/// <summary>Persisted state of a recorder credential: the secret's SHA-256 only, never the secret.</summary>
[GenerateSerializer, Alias("Grid.Grains.Security.RecorderCredentialState")]
public sealed class RecorderCredentialState
{
    [Id(0)]
    public byte[]? SecretHash { get; set; }

    [Id(1)]
    public DateTimeOffset IssuedAt { get; set; }

    [Id(2)]
    public bool Revoked { get; set; }
}
