using Grid.Keys;

namespace Grid.Tenants;

/// <summary>What a tenant is provisioned with.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Tenants.TenantSettings")]
public sealed record TenantSettings
{
    /// <summary>The customer's name as shown to its own admins (1-200 characters).</summary>
    [Id(0)]
    public required string DisplayName { get; init; }

    /// <summary>Residency region, e.g. <c>eu-west</c>; storage placement follows it.</summary>
    [Id(1)]
    public required string ResidencyRegion { get; init; }

    /// <summary>Default retention of recordings in days (1-36500).</summary>
    [Id(2)]
    public int RetentionDays { get; init; } = 365;

    /// <summary>Where the tenant's key-encryption key is kept.</summary>
    [Id(3)]
    public KeyCustodyKind KeyCustody { get; init; } = KeyCustodyKind.Software;

    /// <summary>
    /// WORM mode (SEC 17a-4(f), MiFID II): each sealed recording is kept in write-once storage under an immutability
    /// policy until its retention end, which the storage service enforces against anyone, the processor included; a
    /// legal hold is also a storage legal hold. Chosen at provisioning; it cannot be turned off. Requires the
    /// tenant's storage containers to have version-level immutability enabled.
    /// </summary>
    [Id(4)]
    public bool Worm { get; init; }
}
