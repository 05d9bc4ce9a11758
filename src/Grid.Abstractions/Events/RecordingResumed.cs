namespace Grid.Events;

/// <summary>A paused recording records again. Type <c>recording.resumed</c>.</summary>
/// <param name="CallId">The call.</param>
/// <param name="Reason">The pause's label.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.RecordingResumed")]
public sealed record RecordingResumed([property: Id(0)] string CallId, [property: Id(1)] string Reason) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "recording.resumed";
}
