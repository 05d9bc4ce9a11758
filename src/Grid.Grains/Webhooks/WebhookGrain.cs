using System.Security.Cryptography;
using Grid.Audit;
using Grid.Errors;
using Grid.Events;
using Grid.Keys;
using Grid.Security.Calls;
using Grid.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Grid.Grains.Webhooks;

/// <summary>
/// A tenant's webhooks (<see cref="IWebhookGrain"/>). Subscribed implicitly to the tenant's event stream: each event
/// is queued durably per endpoint and acknowledged to the stream; a timer delivers due attempts (a reminder brings the
/// grain back while deliveries are pending). Signing secrets are kept wrapped under the tenant's key and unwrapped
/// once per activation (audited).
/// </summary>
[ImplicitStreamSubscription(GridStreams.TenantEventsNamespace)]
public sealed partial class WebhookGrain(
    [PersistentState("webhooks", GridGrainStorage.Name)] IPersistentState<WebhookState> state,
    IOptions<WebhookOptions> options,
    IHttpClientFactory httpClients,
    GridTime time,
    ILogger<WebhookGrain> logger) : Grain, IWebhookGrain, IStreamSubscriptionObserver, IRemindable
{
    private const string ReminderName = "webhook-delivery";
    private const int RememberDelivered = 2000;

    /// <summary>The HTTP client deliveries go through (from the factory; its resilience pipeline times out one attempt, the grain's durable schedule retries).</summary>
    public const string HttpClientName = "grid-webhooks";

    private readonly Dictionary<string, byte[]> secrets = new(StringComparer.Ordinal);
    private IGrainTimer? timer;

    private string TenantId => field ??= GridIds.RequireTenantId(this.GetPrimaryKeyString());

    private WebhookOptions Options => options.Value;

    private HttpClient Http => field ??= httpClients.CreateClient(HttpClientName);

    public async Task<WebhookRegistration> RegisterAsync(string url, string? location = null, CancellationToken cancellationToken = default)
    {
        var endpointUrl = ValidateUrl(url);
        if (location is not null)
        {
            // Events leave the Grid for the receiver's country: the transfer guard decides (and audits) first.
            await GrainFactory.GetGrain<Grid.Residency.ITenantTransfersGrain>(TenantId).CheckAsync(location, "webhook endpoint");
        }

        var endpoint = new WebhookEndpoint("wh-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), endpointUrl, time.GetUtcNow()) { Location = location };
        var secret = RandomNumberGenerator.GetBytes(32);
        var wrapped = await GrainFactory.GetGrain<ITenantKeyGrain>(TenantId).WrapAsync(endpoint.EndpointId, secret, new KeyUse("webhook-secret", GridCaller.AuditName));
        state.State.Endpoints.Add(new EndpointState { Endpoint = endpoint, Secret = wrapped });
        await AuditAsync("webhook.register", endpoint.EndpointId);
        await state.WriteOrThrowAsync();
        secrets[endpoint.EndpointId] = secret;
        return new WebhookRegistration(endpoint, Convert.ToBase64String(secret));
    }

    public async Task<bool> RemoveAsync(string endpointId, CancellationToken cancellationToken = default)
    {
        _ = TenantId;
        if (state.State.Endpoints.RemoveAll(e => e.Endpoint.EndpointId == endpointId) == 0)
        {
            return false;
        }

        state.State.Pending.RemoveAll(d => d.EndpointId == endpointId);
        await AuditAsync("webhook.remove", endpointId);
        await state.WriteOrThrowAsync();
        secrets.Remove(endpointId);
        return true;
    }

    public Task<IReadOnlyList<WebhookEndpoint>> GetEndpointsAsync(CancellationToken cancellationToken = default)
    {
        _ = TenantId;
        return Task.FromResult<IReadOnlyList<WebhookEndpoint>>([.. state.State.Endpoints.Select(e => e.Endpoint)]);
    }

    public Task<IReadOnlyList<WebhookDeadLetter>> GetDeadLettersAsync(CancellationToken cancellationToken = default)
    {
        _ = TenantId;
        return Task.FromResult<IReadOnlyList<WebhookDeadLetter>>(
            [.. state.State.Dead.Select(d => new WebhookDeadLetter(d.EventId, d.EndpointId, d.Type, d.Attempts, d.LastError, d.FailedAt ?? default))]);
    }

    public async Task<WebhookPingResult> PingAsync(string endpointId, CancellationToken cancellationToken = default)
    {
        _ = TenantId;
        if (state.State.Endpoints.Find(e => e.Endpoint.EndpointId == endpointId) is not { } endpoint)
        {
            throw new GridValidationException("No webhook endpoint with this id exists for the tenant.");
        }

        var eventId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var body = WebhookMessages.PingBody(eventId, TenantId, endpointId, time.GetUtcNow());
        await AuditAsync("webhook.ping", endpointId);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var failure = await PostAsync(endpoint, eventId, WebhookMessages.PingType, body);
        return new WebhookPingResult(eventId, failure is null, failure, (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    public async Task<int> ReplayDeadLettersAsync(CancellationToken cancellationToken = default)
    {
        _ = TenantId;
        var replay = state.State.Dead.Where(d => state.State.Endpoints.Exists(e => e.Endpoint.EndpointId == d.EndpointId)).ToList();
        foreach (var delivery in replay)
        {
            delivery.Attempts = 0;
            delivery.NextAttemptAt = DateTimeOffset.UtcNow;
            delivery.FailedAt = null;
            state.State.Pending.Add(delivery);
        }

        state.State.Dead.RemoveAll(replay.Contains);
        await AuditAsync("webhook.replay", replay.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await state.WriteOrThrowAsync();
        await ScheduleAsync();
        return replay.Count;
    }

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<TenantEventEnvelope>().ResumeAsync((e, _) => OnEventAsync(e));

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == ReminderName ? DeliverDueAsync() : Task.CompletedTask;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Pending.Count > 0)
        {
            await ScheduleAsync();
        }
    }

    private string ValidateUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || url.Length > 2048 || !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new GridValidationException("A webhook endpoint is an absolute https URL (up to 2,048 characters, no user info or fragment).");
        }

        var loopbackHttp = uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback && Options.AllowLoopbackHttp;
        return uri.Scheme == Uri.UriSchemeHttps || loopbackHttp
            ? uri.AbsoluteUri
            : throw new GridValidationException("A webhook endpoint must use https.");
    }

    private Task AuditAsync(string action, string purpose) =>
        GrainFactory.GetGrain<IAuditLogGrain>(TenantId).AppendAsync(new AuditRecord
        {
            TenantId = TenantId,
            At = time.GetUtcNow(),
            Action = action,
            Purpose = purpose,
            Principal = GridCaller.AuditName,
        });

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Webhook of {TenantId} to {EndpointId}: {Type} dead-lettered after {Attempts} attempts ({Error})")]
    private static partial void LogDeadLetter(ILogger logger, string tenantId, string endpointId, string type, int attempts, string error);
}
