namespace Grid.Events;

/// <summary>A redaction of a sealed recording was requested and waits for a second person. Type <c>recording.redaction-requested</c>.</summary>
/// <param name="CallId">The call.</param>
/// <param name="RedactionId">The redaction.</param>
/// <param name="Reason">Its label (e.g. <c>card-data</c>).</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.RecordingRedactionRequested")]
public sealed record RecordingRedactionRequested([property: Id(0)] string CallId, [property: Id(1)] string RedactionId, [property: Id(2)] string Reason) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "recording.redaction-requested";
}
