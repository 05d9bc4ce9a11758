using Grid.Governance;

namespace Grid.Grains.Governance;

/// <summary>The incidents a tenant was notified of.</summary>
[GenerateSerializer, Alias("Grid.Grains.Governance.TenantIncidentsState")]
public sealed class TenantIncidentsState
{
    /// <summary>Incidents in the order they were received.</summary>
    [Id(0)]
    public List<TenantIncident> Incidents { get; set; } = [];

    /// <summary>Tenant events written with this state and not yet accepted by the event stream (the outbox).</summary>
    [Id(1)]
    public List<Grid.Events.TenantEventEnvelope> Outbox { get; set; } = [];
}
