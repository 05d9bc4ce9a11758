using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grid.Events;

namespace Grid.Grains.Webhooks;

/// <summary>
/// What a webhook receiver gets: the event as JSON (ids, times, counts), its id (the idempotency key, the same for
/// every attempt and every redelivery of the same event), and the signature header
/// <c>Grid-Signature: t={unix seconds},v1={hex HMAC-SHA256(secret, "{t}.{body}")}</c>; and the retry schedule.
/// </summary>
public static class WebhookMessages
{
    /// <summary>The event type name, e.g. <c>call.sealed</c>.</summary>
    public static string TypeOf(CallEventKind kind) => kind switch
    {
        CallEventKind.CallStarted => "call.started",
        CallEventKind.CallSealed => "call.sealed",
        CallEventKind.RecordingDeleted => "recording.deleted",
        CallEventKind.AuditCheckpoint => "audit.checkpoint",
        CallEventKind.DataSubjectDeadlineApproaching => "dsr.deadline-approaching",
        CallEventKind.DataSubjectDeadlineMissed => "dsr.deadline-missed",
        CallEventKind.KeyRotated => "key.rotated",
        CallEventKind.KeyRevoked => "key.revoked",
        CallEventKind.KeyEnabled => "key.enabled",
        CallEventKind.KeyDestroyed => "key.destroyed",
        CallEventKind.TerminationScheduled => "termination.scheduled",
        CallEventKind.TerminationCompleted => "termination.completed",
        CallEventKind.SubProcessorNotice => "subprocessor.notice",
        CallEventKind.SubProcessorObjectionDeadline => "subprocessor.objection-deadline",
        CallEventKind.IncidentDeclared => "incident.declared",
        CallEventKind.IncidentUpdated => "incident.updated",
        CallEventKind.AuditRequestAccepted => "audit-request.accepted",
        _ => "event." + ((int)kind).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The event's id: a hash of what the event is, so the same event always has the same id.</summary>
    public static string IdOf(CallEvent e) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"{(int)e.Kind}|{e.TenantId}|{e.CallId}|{e.RequestId}|{e.At.UtcTicks}|{e.AuditSequence}|{e.ChunkCount}|{e.MediaBytes}|{e.KeyVersion}{(e.Reference is null ? "" : "|" + e.Reference)}")).AsSpan(0, 16));

    /// <summary>The JSON body of an event.</summary>
    public static string BodyOf(CallEvent e) => JsonSerializer.Serialize(new
    {
        id = IdOf(e),
        type = TypeOf(e.Kind),
        tenantId = e.TenantId,
        callId = string.IsNullOrEmpty(e.CallId) ? null : e.CallId,
        requestId = e.RequestId,
        at = e.At,
        chunkCount = e.Kind == CallEventKind.CallSealed ? e.ChunkCount : (long?)null,
        mediaBytes = e.Kind == CallEventKind.CallSealed ? e.MediaBytes : (long?)null,
        auditSequence = e.AuditSequence,
        keyVersion = e.KeyVersion,
        reference = e.Reference,
    });

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
