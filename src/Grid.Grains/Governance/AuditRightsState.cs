using Grid.Governance;

namespace Grid.Grains.Governance;

/// <summary>A tenant's accepted audit requests.</summary>
[GenerateSerializer, Alias("Grid.Grains.Governance.AuditRightsState")]
public sealed class AuditRightsState
{
    /// <summary>Accepted requests, in order.</summary>
    [Id(0)]
    public List<AuditRequestInfo> Requests { get; set; } = [];

    /// <summary>Tenant events written with this state and not yet accepted by the event stream (the outbox).</summary>
    [Id(1)]
    public List<Grid.Events.TenantEventEnvelope> Outbox { get; set; } = [];
}
