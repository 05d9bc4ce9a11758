namespace Grid.Events;

/// <summary>A data-subject request's deadline passed without an answer. Type <c>dsr.deadline-missed</c>.</summary>
/// <param name="RequestId">The request.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.DataSubjectDeadlineMissed")]
public sealed record DataSubjectDeadlineMissed([property: Id(0)] string RequestId) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "dsr.deadline-missed";
}
