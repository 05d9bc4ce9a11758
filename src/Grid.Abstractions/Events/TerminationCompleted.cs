namespace Grid.Events;

/// <summary>Post-termination deletion is complete and certified. Type <c>termination.completed</c>.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Events.TerminationCompleted")]
public sealed record TerminationCompleted : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "termination.completed";
}
