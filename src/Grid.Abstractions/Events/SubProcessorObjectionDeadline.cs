namespace Grid.Events;

/// <summary>The objection window of a sub-processor change closed. Type <c>subprocessor.objection-deadline</c>.</summary>
/// <param name="Reference">The change id.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.SubProcessorObjectionDeadline")]
public sealed record SubProcessorObjectionDeadline([property: Id(0)] string Reference) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "subprocessor.objection-deadline";
}
