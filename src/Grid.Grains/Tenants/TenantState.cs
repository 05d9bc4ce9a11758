using Grid.Keys;
using Grid.Retention;
using Grid.Tenants;

namespace Grid.Grains.Tenants;

/// <summary>Persisted state of a tenant. Field ids are a contract with stored data.</summary>
[GenerateSerializer, Alias("Grid.Grains.Tenants.TenantState")]
public sealed class TenantState
{
    [Id(0)]
    public TenantSettings? Settings { get; set; }

    [Id(1)]
    public TenantStatus Status { get; set; }

    [Id(2)]
    public KeyReference? CurrentKey { get; set; }

    [Id(3)]
    public DateTimeOffset ProvisionedAt { get; set; }

    [Id(4)]
    public RetentionPolicy? Retention { get; set; }

    [Id(5)]
    public List<LegalHold> Holds { get; set; } = [];

    [Id(6)]
    public TerminationInfo? Termination { get; set; }

    /// <summary>True once the tenant is in the processor's tenant directory (tenants provisioned before it existed are added on first use).</summary>
    [Id(7)]
    public bool Listed { get; set; }

    /// <summary>Tenant events written with this state and not yet accepted by the event stream (the outbox).</summary>
    [Id(8)]
    public List<Grid.Events.TenantEventEnvelope> Outbox { get; set; } = [];
}
