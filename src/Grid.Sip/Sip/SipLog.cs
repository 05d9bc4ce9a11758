using Microsoft.Extensions.Logging;

namespace Grid.Sip.Sip;

/// <summary>Log events of the SIP stack (EventIds 12500–12549). Never message content: transports, counts, causes.</summary>
internal static partial class SipLog
{
    [LoggerMessage(EventId = 12500, Level = LogLevel.Debug, Message = "Sending over {Transport} failed ({Error}).")]
    public static partial void SendFailed(ILogger logger, string transport, string error);

    [LoggerMessage(EventId = 12501, Level = LogLevel.Debug, Message = "Receiving over {Transport} failed ({Error}); the transport goes on.")]
    public static partial void ReceiveFailed(ILogger logger, string transport, string error);

    [LoggerMessage(EventId = 12502, Level = LogLevel.Error, Message = "Handling a message received over {Transport} failed; the message is lost, the transport goes on.")]
    public static partial void HandlerFailed(ILogger logger, string transport, Exception exception);

    [LoggerMessage(EventId = 12503, Level = LogLevel.Debug, Message = "A {Transport} connection was idle past the idle timeout and closed.")]
    public static partial void ConnectionIdle(ILogger logger, string transport);

    [LoggerMessage(EventId = 12504, Level = LogLevel.Information, Message = "A TLS handshake failed ({Error}); the connection was closed.")]
    public static partial void TlsHandshakeFailed(ILogger logger, string error);
}
