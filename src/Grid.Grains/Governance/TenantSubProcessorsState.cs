using Grid.Governance;

namespace Grid.Grains.Governance;

/// <summary>The tenant's notices.</summary>
[GenerateSerializer, Alias("Grid.Grains.Governance.TenantSubProcessorsState")]
public sealed class TenantSubProcessorsState
{
    /// <summary>Notices received, in order.</summary>
    [Id(0)]
    public List<SubProcessorNotice> Notices { get; set; } = [];

    /// <summary>Tenant events written with this state and not yet accepted by the event stream (the outbox).</summary>
    [Id(1)]
    public List<Grid.Events.TenantEventEnvelope> Outbox { get; set; } = [];
}
