using Grid.Keys;

namespace Grid.Grains.Keys;

/// <summary>Persisted state of a tenant's key (a reference only; key material never leaves custody).</summary>
[GenerateSerializer, Alias("Grid.Grains.Keys.TenantKeyState")]
public sealed class TenantKeyState
{
    [Id(0)]
    public KeyReference? Current { get; set; }

    [Id(1)]
    public DateTimeOffset CreatedAt { get; set; }
}
