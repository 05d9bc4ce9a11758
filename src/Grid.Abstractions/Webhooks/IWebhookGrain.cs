using Grid.Security;

namespace Grid.Webhooks;

/// <summary>
/// A tenant's webhooks, keyed by tenant id: its endpoints, and the delivery of its tenant events to them — signed
/// (HMAC-SHA256 over timestamp and body), with an idempotency key per event, retried with exponential backoff and
/// jitter, dead-lettered after the configured attempts and replayable. Events carry ids, times and counts only.
/// </summary>
[Alias("Grid.Webhooks.IWebhookGrain")]
public interface IWebhookGrain : IGrainWithStringKey
{
    /// <summary>Registers an HTTPS endpoint; returns its signing secret (shown only now).</summary>
    /// <param name="url">An absolute https URL (http only to loopback, when the Grid allows it for development).</param>
    /// <param name="location">
    /// Where the receiver processes the events (ISO 3166-1 alpha-2). Outside the tenant's jurisdiction the transfer
    /// guard refuses it (<see cref="Errors.GridErrorCode.TransferRefused"/>) unless the tenant recorded a safeguard for it.
    /// </param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The endpoint and its secret.</returns>
    [Alias("Register")]
    [GridAccess(GridRoles.TenantAdmin)]
    Task<WebhookRegistration> RegisterAsync(string url, string? location = null, CancellationToken cancellationToken = default);

    /// <summary>Removes an endpoint (its pending deliveries are dropped).</summary>
    /// <param name="endpointId">The endpoint.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>True when it existed.</returns>
    [Alias("Remove")]
    [GridAccess(GridRoles.TenantAdmin)]
    Task<bool> RemoveAsync(string endpointId, CancellationToken cancellationToken = default);

    /// <summary>The tenant's endpoints.</summary>
    /// <returns>The endpoints.</returns>
    [Alias("GetEndpoints")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.Auditor)]
    Task<IReadOnlyList<WebhookEndpoint>> GetEndpointsAsync(CancellationToken cancellationToken = default);

    /// <summary>Events given up after every retry.</summary>
    /// <returns>The dead letters.</returns>
    [Alias("GetDeadLetters")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.Auditor)]
    Task<IReadOnlyList<WebhookDeadLetter>> GetDeadLettersAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends one test event (<c>webhook.ping</c>) to an endpoint now, signed like every event, and says how the
    /// receiver answered. Sent once: never retried, never a dead letter. Audited.
    /// </summary>
    /// <param name="endpointId">The endpoint.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>What happened.</returns>
    [Alias("Ping")]
    [GridAccess(GridRoles.TenantAdmin)]
    Task<WebhookPingResult> PingAsync(string endpointId, CancellationToken cancellationToken = default);

    /// <summary>Queues every dead letter for delivery again (same event ids).</summary>
    /// <returns>How many were queued.</returns>
    [Alias("ReplayDeadLetters")]
    [GridAccess(GridRoles.TenantAdmin)]
    Task<int> ReplayDeadLettersAsync(CancellationToken cancellationToken = default);
}
