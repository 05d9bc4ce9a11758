namespace Grid.Events;

/// <summary>A redaction was approved and applied: a new version replaced the recording and the original was destroyed. Type <c>recording.redacted</c>.</summary>
/// <param name="CallId">The call.</param>
/// <param name="RedactionId">The redaction.</param>
/// <param name="Version">The recording's new version.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.RecordingRedacted")]
public sealed record RecordingRedacted([property: Id(0)] string CallId, [property: Id(1)] string RedactionId, [property: Id(2)] int Version) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "recording.redacted";
}
