using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grid.Events;

namespace Grid.Grains.Webhooks;

/// <summary>
/// What a webhook receiver gets: the event as JSON (ids, times, counts), its id (the idempotency key, the same for
/// every attempt and every redelivery of the same event), and the signature header
/// <c>Grid-Signature: t={unix seconds},v1={hex HMAC-SHA256(secret, "{t}.{body}")}</c>; and the retry schedule.
/// </summary>
public static class WebhookMessages
{
    private static readonly JsonSerializerOptions EventJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>
    /// The JSON body of an event: its id (the idempotency key), type, tenant and time, then the fields of its kind
    /// (<c>callId</c>, <c>chunkCount</c>, <c>keyVersion</c>, <c>reference</c>, ...), ids and counts only.
    /// </summary>
    public static string BodyOf(TenantEventEnvelope e)
    {
        var body = new JsonObject
        {
            ["id"] = e.EventId,
            ["type"] = e.Event.Type,
            ["tenantId"] = e.TenantId,
            ["at"] = e.At,
        };
        foreach (var (name, value) in JsonSerializer.SerializeToNode(e.Event, e.Event.GetType(), EventJson)!.AsObject())
        {
            if (name != "type")
            {
                body[name] = value?.DeepClone();
            }
        }

        return body.ToJsonString();
    }

    /// <summary>The type of a test event sent from the console or the API.</summary>
    public const string PingType = "webhook.ping";

    /// <summary>The JSON body of a test event: ids and a time, like every event.</summary>
    public static string PingBody(string eventId, string tenantId, string endpointId, DateTimeOffset at) =>
        JsonSerializer.Serialize(new { id = eventId, type = PingType, tenantId, endpointId, at });

    /// <summary>The <c>Grid-Signature</c> header value.</summary>
    public static string Signature(byte[] secret, long unixSeconds, string body)
    {
        var mac = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{unixSeconds}.{body}"));
        return $"t={unixSeconds},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>The delay before attempt <paramref name="attempt"/> + 1: base × 2^(attempt−1), ±50 % jitter, capped.</summary>
    public static TimeSpan Backoff(int attempt, WebhookOptions options, double jitter)
    {
        var exponent = Math.Min(attempt - 1, 20);
        var delay = options.RetryBase.TotalMilliseconds * Math.Pow(2, exponent) * (0.5 + jitter);
        return TimeSpan.FromMilliseconds(Math.Min(delay, options.RetryMax.TotalMilliseconds));
    }
}
