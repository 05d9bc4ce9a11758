namespace Grid.Events;

/// <summary>
/// A call on an always-recorded line has no recording by its recheck time. Type <c>completeness.recording-missing</c>.
/// </summary>
/// <param name="Reference">The phone system's reference of the call, if any.</param>
/// <param name="Line">The line.</param>
/// <param name="ExpectedAt">When the call started.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.CompletenessRecordingMissing")]
public sealed record CompletenessRecordingMissing([property: Id(0)] string? Reference, [property: Id(1)] string Line, [property: Id(2)] DateTimeOffset ExpectedAt) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "completeness.recording-missing";
}
