namespace Grid.Grains;

/// <summary>
/// The clock of the Grid's own deadline arithmetic (retention, termination, call limits). A separate type from
/// <see cref="TimeProvider"/> so that tests can move the Grid's time with a fake provider without also moving the
/// clock Orleans itself runs on (membership, timers).
/// </summary>
public sealed class GridTime(TimeProvider inner) : TimeProvider
{
    public static GridTime Real { get; } = new(TimeProvider.System);

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;
}
