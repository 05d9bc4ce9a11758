namespace Grid.Events;

/// <summary>A security incident affecting the tenant was declared. Type <c>incident.declared</c>.</summary>
/// <param name="Reference">The incident id.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.IncidentDeclared")]
public sealed record IncidentDeclared([property: Id(0)] string Reference) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "incident.declared";
}
