using Grid.Keys;

namespace Grid.Grains.Keys;

/// <summary>Persisted state of a tenant's key (references only; key material never leaves custody).</summary>
[GenerateSerializer, Alias("Grid.Grains.Keys.TenantKeyState")]
public sealed class TenantKeyState
{
    [Id(0)]
    public KeyReference? Current { get; set; }

    [Id(1)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(2)]
    public TenantKeyStatus Status { get; set; }

    [Id(3)]
    public List<KeyReference> Versions { get; set; } = [];

    [Id(4)]
    public KeyDestruction? Destruction { get; set; }

    /// <summary>The blind-index key, wrapped under a version of the tenant's key (null until first used).</summary>
    [Id(5)]
    public WrappedKey? IndexKey { get; set; }

    /// <summary>Tenant events written with this state and not yet accepted by the event stream (the outbox).</summary>
    [Id(6)]
    public List<Grid.Events.TenantEventEnvelope> Outbox { get; set; } = [];
}
