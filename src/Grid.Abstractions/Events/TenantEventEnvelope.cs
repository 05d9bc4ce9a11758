using System.Security.Cryptography;

namespace Grid.Events;

/// <summary>
/// An event on a tenant's stream: its id (stable: chosen when the event is written to its grain's outbox, the same for
/// every delivery attempt, so receivers and webhooks de-duplicate by it), the tenant, when it happened, and what.
/// </summary>
/// <param name="EventId">32 lower-case hex characters.</param>
/// <param name="TenantId">The tenant.</param>
/// <param name="At">When it happened.</param>
/// <param name="Event">What happened.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.TenantEventEnvelope")]
public sealed record TenantEventEnvelope(
    [property: Id(0)] string EventId,
    [property: Id(1)] string TenantId,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] TenantEvent Event)
{
    /// <summary>A new event with a fresh random id.</summary>
    public static TenantEventEnvelope Create(string tenantId, DateTimeOffset at, TenantEvent @event) =>
        new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), tenantId, at, @event);

    /// <summary>
    /// An event whose id is derived from what it announces (<paramref name="identity"/>, unique per tenant), for an
    /// announcement rebuilt from a durable record rather than kept in an outbox (an audit checkpoint).
    /// </summary>
    public static TenantEventEnvelope Derived(string tenantId, DateTimeOffset at, TenantEvent @event, string identity) =>
        new(Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{tenantId}\n{@event.Type}\n{identity}")).AsSpan(0, 16)), tenantId, at, @event);
}
