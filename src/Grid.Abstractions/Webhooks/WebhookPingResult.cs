namespace Grid.Webhooks;

/// <summary>What one test event to an endpoint did: sent once, signed like every event, never retried or dead-lettered.</summary>
/// <param name="EventId">The test event's id (its <c>Grid-Event-Id</c>).</param>
/// <param name="Delivered">True when the receiver answered 2xx.</param>
/// <param name="Failure">Otherwise the failure: an HTTP status or an error class (never a response body).</param>
/// <param name="Milliseconds">How long the receiver took to answer (or to fail).</param>
[GenerateSerializer, Immutable, Alias("Grid.Webhooks.WebhookPingResult")]
public sealed record WebhookPingResult(
    [property: Id(0)] string EventId,
    [property: Id(1)] bool Delivered,
    [property: Id(2)] string? Failure,
    [property: Id(3)] long Milliseconds);
