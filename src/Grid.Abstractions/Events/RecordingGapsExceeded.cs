namespace Grid.Events;

/// <summary>
/// A recording was sealed with more media missing than <c>Grid:Limits:GapAlertAfter</c> (gaps its recorder or SRS
/// reported, and missing chunks). Type <c>recording.gaps-exceeded</c>.
/// </summary>
/// <param name="CallId">The call.</param>
/// <param name="GapMilliseconds">Milliseconds of media missing.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.RecordingGapsExceeded")]
public sealed record RecordingGapsExceeded([property: Id(0)] string CallId, [property: Id(1)] long GapMilliseconds) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "recording.gaps-exceeded";
}
