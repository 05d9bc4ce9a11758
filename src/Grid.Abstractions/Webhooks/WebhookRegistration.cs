namespace Grid.Webhooks;

/// <summary>A registered endpoint and its signing secret (shown only now; the Grid keeps it wrapped under the tenant's key).</summary>
/// <param name="Endpoint">The endpoint.</param>
/// <param name="Secret">The HMAC-SHA256 secret the receiver verifies signatures with.</param>
[GenerateSerializer, Immutable, Alias("Grid.Webhooks.WebhookRegistration")]
public sealed record WebhookRegistration([property: Id(0)] WebhookEndpoint Endpoint, [property: Id(1)] string Secret);
