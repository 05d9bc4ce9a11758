namespace Grid.Keys;

/// <summary>A tenant's key as its key grain holds it (references only, never key material).</summary>
[GenerateSerializer, Immutable, Alias("Grid.Keys.TenantKeyInfo")]
public sealed record TenantKeyInfo
{
    /// <summary>Life-cycle state.</summary>
    [Id(0)]
    public TenantKeyStatus Status { get; init; }

    /// <summary>The version new recordings are wrapped with.</summary>
    [Id(1)]
    public KeyReference? Current { get; init; }

    /// <summary>All versions ever created, oldest first.</summary>
    [Id(2)]
    public IReadOnlyList<KeyReference> Versions { get; init; } = [];

    /// <summary>Set once the key was destroyed.</summary>
    [Id(3)]
    public KeyDestruction? Destruction { get; init; }
}
