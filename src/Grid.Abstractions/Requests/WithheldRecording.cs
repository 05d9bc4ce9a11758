namespace Grid.Requests;

/// <summary>A matching recording the request did not act on, and why (e.g. a legal hold).</summary>
/// <param name="CallId">The recording.</param>
/// <param name="Reason">Why, in words a privacy officer can pass on.</param>
[GenerateSerializer, Immutable, Alias("Grid.Requests.WithheldRecording")]
public sealed record WithheldRecording([property: Id(0)] string CallId, [property: Id(1)] string Reason);
