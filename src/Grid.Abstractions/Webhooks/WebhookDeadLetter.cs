namespace Grid.Webhooks;

/// <summary>An event that could not be delivered to an endpoint after every retry.</summary>
/// <param name="EventId">The event's id (the idempotency key the receiver saw on every attempt).</param>
/// <param name="EndpointId">The endpoint.</param>
/// <param name="Type">The event type, e.g. <c>call.sealed</c>.</param>
/// <param name="Attempts">How many deliveries were tried.</param>
/// <param name="LastError">The last failure: an HTTP status or an error class (never a response body).</param>
/// <param name="FailedAt">When it was given up.</param>
[GenerateSerializer, Immutable, Alias("Grid.Webhooks.WebhookDeadLetter")]
public sealed record WebhookDeadLetter(
    [property: Id(0)] string EventId,
    [property: Id(1)] string EndpointId,
    [property: Id(2)] string Type,
    [property: Id(3)] int Attempts,
    [property: Id(4)] string LastError,
    [property: Id(5)] DateTimeOffset FailedAt);
