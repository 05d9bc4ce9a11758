namespace Grid.Events;

/// <summary>The tenant's termination was scheduled (deletion dates in the tenant's status). Type <c>termination.scheduled</c>.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Events.TerminationScheduled")]
public sealed record TerminationScheduled : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "termination.scheduled";
}
