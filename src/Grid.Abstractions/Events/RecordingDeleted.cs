namespace Grid.Events;

/// <summary>A recording was deleted (retention, termination, erasure, request). Type <c>recording.deleted</c>.</summary>
/// <param name="CallId">The call.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.RecordingDeleted")]
public sealed record RecordingDeleted([property: Id(0)] string CallId) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "recording.deleted";
}
