namespace Grid.Storage.Log;

/// <summary>
/// A point in one lane of a tenant's log: segment number and byte offset. Everything a call writes to the lane after
/// it learned this position lies at or after it (a lane only grows), so recovery scans from here.
/// </summary>
[GenerateSerializer, Immutable, Alias("Grid.Storage.Log.LogPosition")]
public sealed record LogPosition(
    [property: Id(0)] string Lane,
    [property: Id(1)] int Segment,
    [property: Id(2)] long Offset);
