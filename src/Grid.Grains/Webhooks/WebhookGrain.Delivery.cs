using System.Net.Http.Headers;
using System.Text;
using Grid.Events;
using Grid.Keys;

namespace Grid.Grains.Webhooks;

/// <summary>
/// The webhook grain's delivery side: each event queued durably per endpoint, due attempts sent on a timer (signed
/// with the endpoint's secret, retried on the schedule, dead-lettered after the last), and the timer and reminder
/// stopped when nothing is pending.
/// </summary>
public sealed partial class WebhookGrain
{
    /// <summary>Queues the event for every endpoint, durably, before the stream counts it delivered.</summary>
    private async Task OnEventAsync(TenantEventEnvelope e)
    {
        if (state.State.Endpoints.Count == 0 || e.TenantId != TenantId)
        {
            return;
        }

        var id = e.EventId;
        var body = WebhookMessages.BodyOf(e);
        var added = false;
        foreach (var endpoint in state.State.Endpoints)
        {
            var key = $"{id}@{endpoint.Endpoint.EndpointId}";
            if (state.State.Delivered.Contains(key) || state.State.Pending.Exists(d => d.EventId == id && d.EndpointId == endpoint.Endpoint.EndpointId))
            {
                continue;
            }

            state.State.Pending.Add(new Delivery { EventId = id, EndpointId = endpoint.Endpoint.EndpointId, Type = e.Event.Type, Body = body, NextAttemptAt = DateTimeOffset.UtcNow });
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
    private Task<string?> SendAsync(Delivery delivery) =>
        state.State.Endpoints.Find(e => e.Endpoint.EndpointId == delivery.EndpointId) is { } endpoint
            ? PostAsync(endpoint, delivery.EventId, delivery.Type, delivery.Body)
            : Task.FromResult<string?>("endpoint removed");

    /// <summary>Posts one signed event to the endpoint: null on a 2xx answer, else the failure.</summary>
    private async Task<string?> PostAsync(EndpointState endpoint, string eventId, string type, string body)
    {
        try
        {
            var secret = await SecretAsync(endpoint);
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Endpoint.Url)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Grid-Event-Id", eventId);
            request.Headers.Add("Grid-Event-Type", type);
            request.Headers.Add("Grid-Signature", WebhookMessages.Signature(secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body));
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("RecordingGrid-Webhooks", "1"));
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            return response.IsSuccessStatusCode ? null : "HTTP " + ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or Polly.Timeout.TimeoutRejectedException)
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
}
