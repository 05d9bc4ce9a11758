using Grid.Keys;
using Grid.Retention;

namespace Grid.Tenants;

/// <summary>A provisioned tenant as the Grid holds it.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Tenants.TenantInfo")]
public sealed record TenantInfo
{
    /// <summary>The tenant id.</summary>
    [Id(0)]
    public required string TenantId { get; init; }

    /// <summary>The settings it was provisioned with.</summary>
    [Id(1)]
    public required TenantSettings Settings { get; init; }

    /// <summary>Life-cycle state.</summary>
    [Id(2)]
    public TenantStatus Status { get; init; }

    /// <summary>The key-encryption key new recordings are wrapped with.</summary>
    [Id(3)]
    public KeyReference? CurrentKey { get; init; }

    /// <summary>When the tenant was provisioned.</summary>
    [Id(4)]
    public DateTimeOffset ProvisionedAt { get; init; }

    /// <summary>The termination, once requested.</summary>
    [Id(5)]
    public TerminationInfo? Termination { get; init; }

    /// <summary>The retention policy in force.</summary>
    [Id(6)]
    public RetentionPolicy? Retention { get; init; }
}
