using Grid.Keys;
using Grid.Webhooks;

namespace Grid.Grains.Webhooks;

/// <summary>Persisted webhooks of a tenant: endpoints (secrets wrapped under the tenant's key), pending deliveries, dead letters.</summary>
[GenerateSerializer, Alias("Grid.Grains.Webhooks.WebhookState")]
public sealed class WebhookState
{
    [Id(0)]
    public List<EndpointState> Endpoints { get; set; } = [];

    [Id(1)]
    public List<Delivery> Pending { get; set; } = [];

    [Id(2)]
    public List<Delivery> Dead { get; set; } = [];

    /// <summary>Recently delivered event ids per endpoint (<c>{event}@{endpoint}</c>), so a stream redelivery is not sent twice.</summary>
    [Id(3)]
    public List<string> Delivered { get; set; } = [];
}

[GenerateSerializer, Alias("Grid.Grains.Webhooks.EndpointState")]
public sealed class EndpointState
{
    [Id(0)]
    public required WebhookEndpoint Endpoint { get; set; }

    [Id(1)]
    public required WrappedKey Secret { get; set; }
}

[GenerateSerializer, Alias("Grid.Grains.Webhooks.Delivery")]
public sealed class Delivery
{
    [Id(0)]
    public string EventId { get; set; } = string.Empty;

    [Id(1)]
    public string EndpointId { get; set; } = string.Empty;

    [Id(2)]
    public string Type { get; set; } = string.Empty;

    /// <summary>The JSON body (ids, times, counts: no personal data).</summary>
    [Id(3)]
    public string Body { get; set; } = string.Empty;

    [Id(4)]
    public int Attempts { get; set; }

    [Id(5)]
    public DateTimeOffset NextAttemptAt { get; set; }

    [Id(6)]
    public string LastError { get; set; } = string.Empty;

    [Id(7)]
    public DateTimeOffset? FailedAt { get; set; }
}
