using System.Net;
using Grid.Sip.Recording;
using Microsoft.Extensions.Logging;

namespace Grid.Sip.Media;

/// <summary>The media session's log events (EventIds 12000-12099).</summary>
internal static partial class MediaLog
{
    [LoggerMessage(EventId = 12000, Level = LogLevel.Information, Message = "Media session bound RTP ports {Ports} on {Address} ({Format})")]
    public static partial void Bound(ILogger logger, string ports, string address, string format);

    [LoggerMessage(EventId = 12001, Level = LogLevel.Warning, Message = "RTP port pair {Port} could not be bound ({Error}); trying the next reservation")]
    public static partial void BindFailed(ILogger logger, int port, string error);

    [LoggerMessage(EventId = 12002, Level = LogLevel.Debug, Message = "Channel {Channel} latched its RTP source {Source}")]
    public static partial void Latched(ILogger logger, int channel, EndPoint? source);

    [LoggerMessage(EventId = 12003, Level = LogLevel.Warning, Message = "Channel {Channel} dropped RTP from {Source}: the stream is latched to {Latched}, which is still sending")]
    public static partial void ForeignSource(ILogger logger, int channel, EndPoint? source, EndPoint? latched);

    [LoggerMessage(EventId = 12004, Level = LogLevel.Warning, Message = "Channel {Channel} re-latched its RTP source from {Latched} to {Source} (the old one was silent)")]
    public static partial void Relatched(ILogger logger, int channel, EndPoint? latched, EndPoint? source);

    [LoggerMessage(EventId = 12005, Level = LogLevel.Information, Message = "Channel {Channel} RTP source changed from SSRC {Old:X8} to {New:X8} at media time {At}")]
    public static partial void SourceChanged(ILogger logger, int channel, uint old, uint @new, TimeSpan at);

    [LoggerMessage(EventId = 12006, Level = LogLevel.Debug, Message = "Port {Port} received a datagram that is not RTP: {Error}")]
    public static partial void Malformed(ILogger logger, int port, string error);

    [LoggerMessage(EventId = 12007, Level = LogLevel.Warning, Message = "RTP socket on port {Port} failed to receive ({Error})")]
    public static partial void ReceiveFailed(ILogger logger, int port, string error);

    [LoggerMessage(EventId = 12008, Level = LogLevel.Error, Message = "The recording sink refused media ({Error}); the session fails and must be ended")]
    public static partial void SinkFailed(ILogger logger, Exception exception, string error);

    [LoggerMessage(EventId = 12009, Level = LogLevel.Error, Message = "The recording sink fell behind: {Pending} chunks queued, more than the {Limit} allowed; the session fails and must be ended")]
    public static partial void SinkBehind(ILogger logger, int pending, int limit);

    [LoggerMessage(EventId = 12010, Level = LogLevel.Information, Message = "Media session paused at {At} ({Reason})")]
    public static partial void Paused(ILogger logger, TimeSpan at, string reason);

    [LoggerMessage(EventId = 12011, Level = LogLevel.Information, Message = "Media session resumed at {At}")]
    public static partial void Resumed(ILogger logger, TimeSpan at);

    [LoggerMessage(EventId = 12012, Level = LogLevel.Information, Message = "Media session ended ({Reason}) at {Delivered}: {Counters}")]
    public static partial void Ended(ILogger logger, SessionEndReason reason, TimeSpan delivered, MediaCounters counters);

    [LoggerMessage(EventId = 12013, Level = LogLevel.Warning, Message = "Ending the recording sink after a failure failed too ({Error})")]
    public static partial void EndAfterFailureFailed(ILogger logger, Exception exception, string error);

    [LoggerMessage(EventId = 12014, Level = LogLevel.Error, Message = "The media session failed on a defect ({Error}); it stops delivering and must be ended")]
    public static partial void MediaFailed(ILogger logger, Exception exception, string error);
}
