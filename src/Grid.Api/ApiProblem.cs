using System.Text.Json;
using Grid.Errors;
using Microsoft.AspNetCore.Http;

namespace Grid.Api;

/// <summary>
/// Every error the API answers, as <c>application/problem+json</c> with a stable <c>code</c> (the Grid's error codes
/// in kebab case, plus the API's own: <c>unauthenticated</c>, <c>rate-limited</c>, <c>body-too-large</c>,
/// <c>range-not-satisfiable</c>, <c>bad-request</c>). See <c>docs/bad-input.md</c>.
/// </summary>
public static class ApiProblem
{
    /// <summary>The status and stable code of a Grid error.</summary>
    public static (int Status, string Code) Of(GridException error) => error.Code switch
    {
        GridErrorCode.InvalidInput => (400, "invalid-input"),
        GridErrorCode.NotAuthorized when error is NotAuthorizedException { Reason: NotAuthorizedReason.Credential } => (401, "unauthenticated"),
        GridErrorCode.NotAuthorized => (403, "not-authorized"),
        GridErrorCode.TenantUnknown => (404, "tenant-unknown"),
        GridErrorCode.TenantSuspended => (409, "tenant-suspended"),
        GridErrorCode.TenantTerminated => (410, "tenant-terminated"),
        GridErrorCode.TenantTerminating => (409, "tenant-terminating"),
        GridErrorCode.TenantAlreadyProvisioned => (409, "tenant-already-provisioned"),
        GridErrorCode.CallNotStarted => (404, "recording-not-found"),
        GridErrorCode.CallAlreadyStarted => (409, "call-already-started"),
        GridErrorCode.CallSealed => (409, "call-sealed"),
        GridErrorCode.CallNotSealed => (409, "call-not-sealed"),
        GridErrorCode.ChunkConflict => (409, "chunk-conflict"),
        GridErrorCode.CallPaused => (409, "call-paused"),
        GridErrorCode.CallNotPaused => (409, "call-not-paused"),
        GridErrorCode.RedactionNotFound => (404, "redaction-not-found"),
        GridErrorCode.RedactionState => (409, "redaction-state"),
        GridErrorCode.RedactionSamePerson => (403, "redaction-same-person"),
        GridErrorCode.RedactionOnHold => (409, "redaction-on-hold"),
        GridErrorCode.ChunkTooLarge => (413, "chunk-too-large"),
        GridErrorCode.CallTooLong => (409, "call-too-long"),
        GridErrorCode.RecordingNotFound => (404, "recording-not-found"),
        GridErrorCode.RecordingCorrupt => (500, "recording-corrupt"),
        GridErrorCode.RecordingDeleted => (410, "recording-deleted"),
        GridErrorCode.RecordingOnHold => (403, "recording-on-hold"),
        GridErrorCode.RecordingRestricted => (403, "recording-restricted"),
        GridErrorCode.RecordingLayoutUnsupported => (409, "recording-layout-unsupported"),
        GridErrorCode.MediaFormatUnsupported => (409, "media-format-unsupported"),
        GridErrorCode.RecordingImmutable => (409, "recording-immutable"),
        GridErrorCode.WormStorageNotEnabled => (503, "worm-storage-not-enabled"),
        GridErrorCode.RequestState => (409, "request-state"),
        GridErrorCode.RequestNotFound => (404, "request-not-found"),
        GridErrorCode.KeyUnavailable => (503, "key-unavailable"),
        GridErrorCode.KeyRevoked => (409, "key-revoked"),
        GridErrorCode.KeyDestroyed => (410, "key-destroyed"),
        GridErrorCode.StorageUnavailable => (503, "storage-unavailable"),
        GridErrorCode.NoticeTooShort => (422, "notice-too-short"),
        GridErrorCode.ObjectionWindowClosed => (409, "objection-window-closed"),
        GridErrorCode.AuditTooSoon => (409, "audit-too-soon"),
        GridErrorCode.GovernanceState => (409, "governance-state"),
        GridErrorCode.TransferRefused => (403, "transfer-refused"),
        _ => (500, "grid-error"),
    };

    /// <summary>Writes a Grid error (its message says what was wrong and what to do).</summary>
    public static Task WriteAsync(HttpContext http, GridException error)
    {
        var (status, code) = Of(error);
        var reason = error is NotAuthorizedException refused ? refused.Reason.ToString().ToLowerInvariant() : null;
        return WriteAsync(http, status, code, error.Message, reason);
    }

    /// <summary>Writes a problem with a stable code.</summary>
    public static async Task WriteAsync(HttpContext http, int status, string code, string detail, string? reason = null)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/problem+json";
        var body = new Dictionary<string, object?>
        {
            ["type"] = $"urn:grid:error:{code}",
            ["title"] = Title(status),
            ["status"] = status,
            ["code"] = code,
            ["detail"] = detail,
        };
        if (reason is not null)
        {
            body["reason"] = reason;
        }

        body["traceId"] = http.TraceIdentifier;
        await JsonSerializer.SerializeAsync(http.Response.Body, body, cancellationToken: http.RequestAborted);
    }

    private static string Title(int status) => status switch
    {
        400 => "Bad request",
        401 => "Not authenticated",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        422 => "Unprocessable",
        410 => "Gone",
        413 => "Payload too large",
        416 => "Range not satisfiable",
        429 => "Too many requests",
        503 => "Service unavailable",
        _ => "Error",
    };
}
