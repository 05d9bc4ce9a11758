namespace Grid.Events;

/// <summary>An audit request was accepted and a time-boxed auditor credential issued. Type <c>audit-request.accepted</c>.</summary>
/// <param name="Reference">The audit request id.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.AuditRequestAccepted")]
public sealed record AuditRequestAccepted([property: Id(0)] string Reference) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "audit-request.accepted";
}
