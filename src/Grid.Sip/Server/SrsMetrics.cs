using System.Diagnostics.Metrics;
using Grid.Sip.Recording;
using Grid.Sip.Sip;

namespace Grid.Sip.Server;

/// <summary>
/// The server's instruments on the <c>Grid.Sip</c> meter (created through the host's <see cref="IMeterFactory"/>). Tags
/// are bounded sets: methods (others count as "other"), transports, refusal causes, end reasons. No ids, no addresses.
/// </summary>
internal sealed class SrsMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Grid.Sip";

    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _started;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _ended;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _malformed;
    private readonly Counter<long> _packets;
    private readonly Counter<long> _gaps;

    public SrsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _active = meter.CreateUpDownCounter<long>("grid.sip.sessions.active", "{session}", "Recording sessions answered and not yet ended.");
        _started = meter.CreateCounter<long>("grid.sip.sessions.started", "{session}", "Recording sessions answered 200.");
        _refused = meter.CreateCounter<long>("grid.sip.sessions.refused", "{session}", "INVITEs refused, by cause.");
        _ended = meter.CreateCounter<long>("grid.sip.sessions.ended", "{session}", "Recording sessions ended, by reason.");
        _failed = meter.CreateCounter<long>("grid.sip.sessions.failed", "{session}", "Recording sessions that ended without a BYE or shutdown (the SRC vanished, the Grid failed, no ACK).");
        _messages = meter.CreateCounter<long>("grid.sip.messages.received", "{message}", "SIP messages received, by method (responses as \"response\") and transport.");
        _malformed = meter.CreateCounter<long>("grid.sip.messages.malformed", "{message}", "Received bytes that were not a usable SIP message, by transport.");
        _packets = meter.CreateCounter<long>("grid.sip.rtp.packets", "{packet}", "RTP packets of ended sessions, by outcome: received, lost (sequence numbers that never came), late (after the reorder window), paused (dropped while the SRC paused recording), ignored.");
        _gaps = meter.CreateCounter<long>("grid.sip.media.gaps", "{gap}", "Media gaps reported to the Grid by ended sessions.");
    }

    /// <summary>Adds an ended session's RTP counts.</summary>
    public void Media(Grid.Sip.Media.MediaCounters counters)
    {
        _packets.Add(counters.Received, new KeyValuePair<string, object?>("outcome", "received"));
        _packets.Add(counters.Lost, new KeyValuePair<string, object?>("outcome", "lost"));
        _packets.Add(counters.Late, new KeyValuePair<string, object?>("outcome", "late"));
        _packets.Add(counters.DroppedWhilePaused, new KeyValuePair<string, object?>("outcome", "paused"));
        _packets.Add(counters.Ignored, new KeyValuePair<string, object?>("outcome", "ignored"));
        _gaps.Add(counters.Gaps);
    }

    public void MessageReceived(string method, string transport) =>
        _messages.Add(1, new KeyValuePair<string, object?>("method", SipMethods.ForMetrics(method)), new KeyValuePair<string, object?>("transport", transport));

    public void ResponseReceived(string transport) =>
        _messages.Add(1, new KeyValuePair<string, object?>("method", "response"), new KeyValuePair<string, object?>("transport", transport));

    public void Malformed(string transport) => _malformed.Add(1, new KeyValuePair<string, object?>("transport", transport));

    public void Refused(string cause) => _refused.Add(1, new KeyValuePair<string, object?>("cause", cause));

    public void Started()
    {
        _started.Add(1);
        _active.Add(1);
    }

    public void Ended(SessionEndReason reason)
    {
        _active.Add(-1);
        var tag = new KeyValuePair<string, object?>("reason", ReasonTag(reason));
        _ended.Add(1, tag);
        if (reason is not (SessionEndReason.Bye or SessionEndReason.Shutdown))
        {
            _failed.Add(1, tag);
        }
    }

    /// <summary>The tag value of an end reason.</summary>
    public static string ReasonTag(SessionEndReason reason) => reason switch
    {
        SessionEndReason.Bye => "bye",
        SessionEndReason.SourceVanished => "source-vanished",
        SessionEndReason.Shutdown => "shutdown",
        SessionEndReason.GridUnavailable => "grid-unavailable",
        SessionEndReason.NoAck => "no-ack",
        _ => "other",
    };
}
