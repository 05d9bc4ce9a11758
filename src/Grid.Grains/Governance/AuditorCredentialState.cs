namespace Grid.Grains.Governance;

/// <summary>An auditor credential's persisted state.</summary>
[GenerateSerializer, Alias("Grid.Grains.Governance.AuditorCredentialState")]
public sealed class AuditorCredentialState
{
    /// <summary>SHA-256 of the secret.</summary>
    [Id(0)]
    public byte[]? SecretHash { get; set; }

    /// <summary>When it stops working.</summary>
    [Id(1)]
    public DateTimeOffset ExpiresAt { get; set; }
}
