namespace Grid.Grains.Audit;

/// <summary>What the audit log grain keeps besides the log itself: which checkpoints it has announced.</summary>
[GenerateSerializer, Alias("Grid.Grains.Audit.AuditLogState")]
public sealed class AuditLogState
{
    /// <summary>The sequence of the last checkpoint put in the outbox (later ones are announced on activation).</summary>
    [Id(0)]
    public long AnnouncedThrough { get; set; }

    /// <summary>Checkpoint events not yet accepted by the event stream (the outbox).</summary>
    [Id(1)]
    public List<Grid.Events.TenantEventEnvelope> Outbox { get; set; } = [];
}
