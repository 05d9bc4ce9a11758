using Microsoft.Extensions.Logging;

namespace Grid.Sip.Server;

/// <summary>
/// The server's log events (EventIds 12550–12699). Personal data never appears: no SDP, no metadata, no AORs, names,
/// numbers or SIP URIs; only the Grid call id, counts, transports, status codes and causes.
/// </summary>
internal static partial class SrsLog
{
    [LoggerMessage(EventId = 12550, Level = LogLevel.Information, Message = "SIPREC server listening: UDP {Udp}, TCP {Tcp}, TLS {Tls}; at most {MaxSessions} sessions.")]
    public static partial void Listening(ILogger logger, string udp, string tcp, string tls, int maxSessions);

    [LoggerMessage(EventId = 12551, Level = LogLevel.Information, Message = "Recording session {CallId} started over {Transport} with {Streams} recorded stream(s) for tenant {TenantId} (rule {Rule}).")]
    public static partial void SessionStarted(ILogger logger, string callId, string transport, int streams, string tenantId, string rule);

    [LoggerMessage(EventId = 12552, Level = LogLevel.Information, Message = "INVITE over {Transport} refused {Status} ({Cause}).")]
    public static partial void SessionRefused(ILogger logger, string transport, int status, string cause);

    [LoggerMessage(EventId = 12553, Level = LogLevel.Information, Message = "Recording session {CallId} ended ({Reason}) after {Seconds:F1} s: {Received} RTP packets received, {Lost} lost.")]
    public static partial void SessionEnded(ILogger logger, string callId, string reason, double seconds, long received, long lost);

    [LoggerMessage(EventId = 12554, Level = LogLevel.Warning, Message = "Recording session {CallId} failed ({Reason}): the server sent BYE to the recording client.")]
    public static partial void SessionFailed(ILogger logger, string callId, string reason);

    [LoggerMessage(EventId = 12555, Level = LogLevel.Information, Message = "Recording session {CallId} paused by the recording client.")]
    public static partial void SessionPaused(ILogger logger, string callId);

    [LoggerMessage(EventId = 12556, Level = LogLevel.Information, Message = "Recording session {CallId} resumed by the recording client.")]
    public static partial void SessionResumed(ILogger logger, string callId);

    [LoggerMessage(EventId = 12557, Level = LogLevel.Information, Message = "Recording session {CallId} received updated metadata ({Participants} participants).")]
    public static partial void MetadataUpdated(ILogger logger, string callId, int participants);

    [LoggerMessage(EventId = 12558, Level = LogLevel.Warning, Message = "The recording backend failed to {Operation} ({Error}); the INVITE was answered 503.")]
    public static partial void BackendFailed(ILogger logger, string operation, string error, Exception exception);

    [LoggerMessage(EventId = 12559, Level = LogLevel.Error, Message = "Handling a {Method} failed ({Error}); it was answered 500.")]
    public static partial void RequestFailed(ILogger logger, string method, string error, Exception exception);

    [LoggerMessage(EventId = 12560, Level = LogLevel.Warning, Message = "Ending recording session {CallId} failed ({Error}).")]
    public static partial void EndFailed(ILogger logger, string callId, string error, Exception exception);

    [LoggerMessage(EventId = 12561, Level = LogLevel.Information, Message = "SIPREC server stopping: {Sessions} live session(s) are ended with BYE.")]
    public static partial void Stopping(ILogger logger, int sessions);

    [LoggerMessage(EventId = 12562, Level = LogLevel.Warning, Message = "SIPREC server stopped with {Sessions} session(s) not ended within the shutdown timeout.")]
    public static partial void StopTimedOut(ILogger logger, int sessions);

    [LoggerMessage(EventId = 12563, Level = LogLevel.Debug, Message = "In-dialog {Method} for no known dialog answered 481.")]
    public static partial void UnknownDialog(ILogger logger, string method);

    [LoggerMessage(EventId = 12564, Level = LogLevel.Information, Message = "An in-dialog {Method} for session {CallId} was refused {Status} ({Cause}); the session goes on.")]
    public static partial void InDialogRefused(ILogger logger, string method, string callId, int status, string cause);

    [LoggerMessage(EventId = 12565, Level = LogLevel.Debug, Message = "A malformed message over {Transport} was {Outcome} ({Error}).")]
    public static partial void Malformed(ILogger logger, string transport, string outcome, string error);

    [LoggerMessage(EventId = 12566, Level = LogLevel.Warning, Message = "The BYE for session {CallId} got no final response ({Outcome}).")]
    public static partial void ByeUnanswered(ILogger logger, string callId, string outcome);
}
