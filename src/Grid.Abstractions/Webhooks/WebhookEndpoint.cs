namespace Grid.Webhooks;

/// <summary>A tenant's registered webhook endpoint (its signing secret is shown only when registered).</summary>
/// <param name="EndpointId">The endpoint's id.</param>
/// <param name="Url">Where events are POSTed.</param>
/// <param name="CreatedAt">When it was registered.</param>
[GenerateSerializer, Immutable, Alias("Grid.Webhooks.WebhookEndpoint")]
public sealed record WebhookEndpoint([property: Id(0)] string EndpointId, [property: Id(1)] string Url, [property: Id(2)] DateTimeOffset CreatedAt)
{
    /// <summary>Where the receiver processes the events (ISO 3166-1 alpha-2), as the tenant declared it; null when undeclared.</summary>
    [Id(3)]
    public string? Location { get; init; }
}
