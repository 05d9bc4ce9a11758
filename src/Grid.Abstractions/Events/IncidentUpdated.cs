namespace Grid.Events;

/// <summary>A security incident was updated, or its notice sent again because it is not yet acknowledged. Type <c>incident.updated</c>.</summary>
/// <param name="Reference">The incident id.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.IncidentUpdated")]
public sealed record IncidentUpdated([property: Id(0)] string Reference) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "incident.updated";
}
