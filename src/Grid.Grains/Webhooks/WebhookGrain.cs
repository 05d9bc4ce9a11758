using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
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
    GridTime time,
    ILogger<WebhookGrain> logger) : Grain, IWebhookGrain, IStreamSubscriptionObserver, IRemindable
{
    private const string ReminderName = "webhook-delivery";
    private const int RememberDelivered = 2000;

    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };

    private readonly Dictionary<string, byte[]> secrets = new(StringComparer.Ordinal);
    private IGrainTimer? timer;

    private string TenantId => field ??= GridIds.RequireTenantId(this.GetPrimaryKeyString());

    private WebhookOptions Options => options.Value;

    public async Task<WebhookRegistration> RegisterAsync(string url, string? location = null)
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

    public async Task<bool> RemoveAsync(string endpointId)
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

    public Task<IReadOnlyList<WebhookEndpoint>> GetEndpointsAsync()
    {
        _ = TenantId;
        return Task.FromResult<IReadOnlyList<WebhookEndpoint>>([.. state.State.Endpoints.Select(e => e.Endpoint)]);
    }

    public Task<IReadOnlyList<WebhookDeadLetter>> GetDeadLettersAsync()
    {
        _ = TenantId;
        return Task.FromResult<IReadOnlyList<WebhookDeadLetter>>(
            [.. state.State.Dead.Select(d => new WebhookDeadLetter(d.EventId, d.EndpointId, d.Type, d.Attempts, d.LastError, d.FailedAt ?? default))]);
    }

    public async Task<int> ReplayDeadLettersAsync()
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
        await handleFactory.Create<CallEvent>().ResumeAsync((e, _) => OnEventAsync(e));

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == ReminderName ? DeliverDueAsync() : Task.CompletedTask;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Pending.Count > 0)
        {
            await ScheduleAsync();
        }
    }

    /// <summary>Queues the event for every endpoint, durably, before the stream counts it delivered.</summary>
    private async Task OnEventAsync(CallEvent e)
    {
        if (state.State.Endpoints.Count == 0 || e.TenantId != TenantId)
        {
            return;
        }

        var id = WebhookMessages.IdOf(e);
        var body = WebhookMessages.BodyOf(e);
        var added = false;
        foreach (var endpoint in state.State.Endpoints)
        {
            var key = $"{id}@{endpoint.Endpoint.EndpointId}";
            if (state.State.Delivered.Contains(key) || state.State.Pending.Exists(d => d.EventId == id && d.EndpointId == endpoint.Endpoint.EndpointId))
            {
                continue;
            }

            state.State.Pending.Add(new Delivery { EventId = id, EndpointId = endpoint.Endpoint.EndpointId, Type = WebhookMessages.TypeOf(e.Kind), Body = body, NextAttemptAt = DateTimeOffset.UtcNow });
            added = true;
        }

        if (added)
        {
            await state.WriteOrThrowAsync();
            await ScheduleAsync();
        }
    }

    private async Task ScheduleAsync()
    {
        timer ??= this.RegisterGrainTimer(DeliverDueAsync, new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromMilliseconds(Math.Max(50, Math.Min(1000, Options.RetryBase.TotalMilliseconds / 2)))) { KeepAlive = true });
        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    private async Task DeliverDueAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var due = state.State.Pending.Where(d => d.NextAttemptAt <= now).ToList();
        if (due.Count == 0)
        {
            await StopWhenIdleAsync();
            return;
        }

        foreach (var delivery in due)
        {
            var error = await SendAsync(delivery);
            delivery.Attempts++;
            if (error is null)
            {
                state.State.Pending.Remove(delivery);
                state.State.Delivered.Add($"{delivery.EventId}@{delivery.EndpointId}");
                continue;
            }

            delivery.LastError = error;
            if (delivery.Attempts >= Options.MaxAttempts)
            {
                delivery.FailedAt = DateTimeOffset.UtcNow;
                state.State.Pending.Remove(delivery);
                state.State.Dead.Add(delivery);
                LogDeadLetter(logger, TenantId, delivery.EndpointId, delivery.Type, delivery.Attempts, error);
            }
            else
            {
                delivery.NextAttemptAt = DateTimeOffset.UtcNow + WebhookMessages.Backoff(delivery.Attempts, Options, Random.Shared.NextDouble());
            }
        }

        if (state.State.Delivered.Count > RememberDelivered)
        {
            state.State.Delivered.RemoveRange(0, state.State.Delivered.Count - RememberDelivered);
        }

        await state.WriteOrThrowAsync();
        await StopWhenIdleAsync();
    }

    /// <summary>One attempt: null on a 2xx answer, else the failure (status or error class; never a body).</summary>
    private async Task<string?> SendAsync(Delivery delivery)
    {
        if (state.State.Endpoints.Find(e => e.Endpoint.EndpointId == delivery.EndpointId) is not { } endpoint)
        {
            return "endpoint removed";
        }

        try
        {
            var secret = await SecretAsync(endpoint);
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Endpoint.Url)
            {
                Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Grid-Event-Id", delivery.EventId);
            request.Headers.Add("Grid-Event-Type", delivery.Type);
            request.Headers.Add("Grid-Signature", WebhookMessages.Signature(secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), delivery.Body));
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("RecordingGrid-Webhooks", "1"));
            using var timeout = new CancellationTokenSource(Options.Timeout);
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode ? null : "HTTP " + ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            return e.GetType().Name;
        }
    }

    private async Task<byte[]> SecretAsync(EndpointState endpoint)
    {
        if (!secrets.TryGetValue(endpoint.Endpoint.EndpointId, out var secret))
        {
            secret = await GrainFactory.GetGrain<ITenantKeyGrain>(TenantId).UnwrapAsync(endpoint.Endpoint.EndpointId, endpoint.Secret, new KeyUse("webhook-sign", "grid:webhooks"));
            secrets[endpoint.Endpoint.EndpointId] = secret;
        }

        return secret;
    }

    private async Task StopWhenIdleAsync()
    {
        if (state.State.Pending.Count > 0)
        {
            return;
        }

        timer?.Dispose();
        timer = null;
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
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
