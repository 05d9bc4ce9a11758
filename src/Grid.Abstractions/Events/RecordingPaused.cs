namespace Grid.Events;

/// <summary>A live recording was paused (secure pause): media from here is dropped on receipt. Type <c>recording.paused</c>.</summary>
/// <param name="CallId">The call.</param>
/// <param name="Reason">The pause's label (e.g. <c>card-data</c>).</param>
/// <param name="Source">What signalled it: <c>recorder</c>, <c>siprec</c> or <c>api</c>.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.RecordingPaused")]
public sealed record RecordingPaused([property: Id(0)] string CallId, [property: Id(1)] string Reason, [property: Id(2)] string Source) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "recording.paused";
}
