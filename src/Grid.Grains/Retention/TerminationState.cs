using Grid.Retention;

namespace Grid.Grains.Retention;

[GenerateSerializer, Alias("Grid.Grains.Retention.TerminationState")]
public sealed class TerminationState
{
    [Id(0)]
    public DeletionCertificate? Certificate { get; set; }

    /// <summary>Tenant events written with this state and not yet accepted by the event stream (the outbox).</summary>
    [Id(1)]
    public List<Grid.Events.TenantEventEnvelope> Outbox { get; set; } = [];
}
