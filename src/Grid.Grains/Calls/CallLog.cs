using Grid.Crypto.Format;
using Microsoft.Extensions.Logging;

namespace Grid.Grains.Calls;

/// <summary>The call grain's log messages: ids, counts and error codes only, never content or metadata.</summary>
internal static partial class CallLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Call {TenantId}/{CallId} started")]
    public static partial void Started(ILogger logger, string tenantId, string callId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {TenantId}/{CallId} sealed: {Chunks} chunks, {Bytes} bytes, {Gaps} gaps")]
    public static partial void Sealed(ILogger logger, string tenantId, string callId, long chunks, long bytes, int gaps);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording {TenantId}/{CallId} failed its integrity check: {Error}")]
    public static partial void Corrupt(ILogger logger, string tenantId, string callId, RecordingFormatError error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {TenantId}/{CallId} was sealed but not replicated (replica unreachable)")]
    public static partial void ReplicaFailed(ILogger logger, string tenantId, string callId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording {TenantId}/{CallId} deleted ({Reason})")]
    public static partial void Deleted(ILogger logger, string tenantId, string callId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording {TenantId}/{CallId}: data key re-wrapped")]
    public static partial void Rewrapped(ILogger logger, string tenantId, string callId);

    [LoggerMessage(EventId = 2310, Level = LogLevel.Warning, Message = "Recording {TenantId}/{CallId} ({Status}) is stored in layout v1 (part blobs, before the recording log), which this release does not read: its media is refused, it can be deleted")]
    public static partial void LayoutUnsupported(ILogger logger, string tenantId, string callId, Grid.Calls.CallStatus status);

    [LoggerMessage(EventId = 2311, Level = LogLevel.Information, Message = "Recording {TenantId}/{CallId}: redaction {RedactionId} applied, version {Version}, {Frames} frames' content destroyed")]
    public static partial void Redacted(ILogger logger, string tenantId, string callId, string redactionId, int version, int frames);

    [LoggerMessage(EventId = 2312, Level = LogLevel.Warning, Message = "Recording {TenantId}/{CallId}: the redacted original's manifest or replica could not be replaced yet; retried on the next approval call or activation")]
    public static partial void RedactionCleanupPending(ILogger logger, string tenantId, string callId);

    [LoggerMessage(EventId = 2313, Level = LogLevel.Information, Message = "Recording {TenantId}/{CallId} is in write-once storage until {Until:O} (legal hold: {LegalHold})")]
    public static partial void Immutable(ILogger logger, string tenantId, string callId, DateTimeOffset until, bool legalHold);

    [LoggerMessage(EventId = 2314, Level = LogLevel.Warning, Message = "Recording {TenantId}/{CallId} (WORM tenant) is sealed but not yet in write-once storage ({Error}); retried on its next activation (the Grid refuses to alter it meanwhile)")]
    public static partial void ImmutablePending(ILogger logger, string tenantId, string callId, string error);

    [LoggerMessage(EventId = 2315, Level = LogLevel.Warning, Message = "Recording {TenantId}/{CallId}: storage refused its deletion ({Error}); nothing was deleted, the refusal is audited")]
    public static partial void DeleteRefusedByStorage(ILogger logger, string tenantId, string callId, string error);
}
