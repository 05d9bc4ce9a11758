namespace Grid.Sip.Media;

/// <summary>Packet counts of a session.</summary>
/// <param name="Received">Well-formed RTP packets that arrived on the streams' RTP ports after Start (every one, whatever became of it; RTCP excluded).</param>
/// <param name="Lost">Sequence numbers that never arrived between two received packets of one source (RFC 3550 cumulative loss).</param>
/// <param name="Late">Packets that arrived after the media time they belong to was delivered (beyond the reorder window), or behind a sequence number already processed.</param>
/// <param name="DroppedWhilePaused">Packets that arrived while the session was paused (dropped on receipt, never stored).</param>
/// <param name="Ignored">Packets of a payload type that is neither the recorded codec, comfort noise nor telephone-event; packets over the buffer bound; packets after the sink failed.</param>
public sealed record MediaCounters(long Received, long Lost, long Late, long DroppedWhilePaused, long Ignored)
{
    /// <summary>Datagrams on the RTP ports that are not well-formed RTP version 2.</summary>
    public long Malformed { get; init; }

    /// <summary>RTCP packets received (on port + 1, or on the RTP port with rtcp-mux); drained, not interpreted.</summary>
    public long Rtcp { get; init; }

    /// <summary>Comfort noise packets (PT 13): silence, not a gap.</summary>
    public long ComfortNoise { get; init; }

    /// <summary>telephone-event packets (RFC 4733): accepted, not stored as audio.</summary>
    public long TelephoneEvents { get; init; }

    /// <summary>Packets whose sequence number was already buffered.</summary>
    public long Duplicates { get; init; }

    /// <summary>Packets dropped because they came from another address than the stream's latched source.</summary>
    public long ForeignSource { get; init; }

    /// <summary>Times a stream's source changed (a new SSRC, or a sequence restart): each re-anchors the stream's timeline.</summary>
    public long SourceChanges { get; init; }

    /// <summary>Times a source was re-anchored in place (its timestamps ran too far ahead of the clock, or fell behind it: clock drift, a timestamp jump).</summary>
    public long Reanchored { get; init; }

    /// <summary>Gaps reported to the sink.</summary>
    public long Gaps { get; init; }
}
