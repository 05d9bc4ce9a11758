namespace Grid.Events;

/// <summary>The tenant's audit log head was signed. Type <c>audit.checkpoint</c>.</summary>
/// <param name="AuditSequence">The audit sequence number the checkpoint covers.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.AuditCheckpointSigned")]
public sealed record AuditCheckpointSigned([property: Id(0)] long AuditSequence) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "audit.checkpoint";
}
