namespace Grid.Events;

/// <summary>A data-subject request's deadline is near. Type <c>dsr.deadline-approaching</c>.</summary>
/// <param name="RequestId">The request.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.DataSubjectDeadlineApproaching")]
public sealed record DataSubjectDeadlineApproaching([property: Id(0)] string RequestId) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "dsr.deadline-approaching";
}
