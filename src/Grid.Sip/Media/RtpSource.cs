namespace Grid.Sip.Media;

/// <summary>
/// One RTP source (SSRC) of a stream within one segment of the session (between start/resume and pause/end): its anchor
/// in media time, its extended sequence and timestamp state, the packets waiting for their reorder window, and the last
/// packet processed (for loss and silence rules).
/// </summary>
internal sealed class RtpSource(uint ssrc, long firstSequence, long firstTimestamp, long anchorPosition, RtpSource? previous)
{
    public uint Ssrc { get; } = ssrc;

    /// <summary>The extended RTP timestamp that sits at <see cref="AnchorPosition"/>.</summary>
    public long AnchorTimestamp { get; private set; } = firstTimestamp;

    /// <summary>The media position (samples) of <see cref="AnchorTimestamp"/>.</summary>
    public long AnchorPosition { get; private set; } = anchorPosition;

    /// <summary>The highest extended sequence number accepted.</summary>
    public long HighestSequence { get; set; } = firstSequence;

    /// <summary>The extended timestamp of the packet with <see cref="HighestSequence"/> (the reference for unwrapping).</summary>
    public long ReferenceTimestamp { get; set; } = firstTimestamp;

    /// <summary>The source this one replaced (for the silence rule at the change); null at a segment's start, and once used.</summary>
    public RtpSource? Previous { get; set; } = previous;

    /// <summary>Packets waiting for their window, ordered by extended sequence number.</summary>
    public List<BufferedPacket> Pending { get; } = [];

    public bool HasProcessed { get; set; }

    public long LastSequence { get; set; }

    /// <summary>Where the processed media of this source ends (samples).</summary>
    public long LastEnd { get; set; }

    /// <summary>Whether the last processed packet was comfort noise or telephone-event (silence follows, not a gap).</summary>
    public bool LastSilent { get; set; }

    /// <summary>Unwraps a 16-bit sequence number next to the highest one (RFC 3550 A.1).</summary>
    public long ExtendSequence(ushort sequence) => HighestSequence + (short)(sequence - (ushort)HighestSequence);

    /// <summary>Unwraps a 32-bit timestamp next to the reference one.</summary>
    public long ExtendTimestamp(uint timestamp) => ReferenceTimestamp + (int)(timestamp - (uint)ReferenceTimestamp);

    public long PositionOf(long extendedTimestamp) => AnchorPosition + (extendedTimestamp - AnchorTimestamp);

    public void Reanchor(long extendedTimestamp, long position)
    {
        AnchorTimestamp = extendedTimestamp;
        AnchorPosition = position;
    }

    /// <summary>Inserts in sequence order; false when the sequence number is already pending.</summary>
    public bool TryInsert(BufferedPacket packet)
    {
        var index = Pending.Count;
        while (index > 0 && Pending[index - 1].Sequence > packet.Sequence)
        {
            index--;
        }

        if (index > 0 && Pending[index - 1].Sequence == packet.Sequence)
        {
            return false;
        }

        Pending.Insert(index, packet);
        return true;
    }
}

/// <summary>What a received packet carries.</summary>
internal enum PacketKind
{
    Audio,
    ComfortNoise,
    TelephoneEvent,
}

/// <summary>A packet waiting for its reorder window.</summary>
/// <param name="Sequence">The extended sequence number.</param>
/// <param name="Position">Where its media starts (samples).</param>
/// <param name="Kind">Audio, comfort noise or telephone-event.</param>
/// <param name="Payload">The audio payload (rented from the shared pool; null for silence kinds).</param>
/// <param name="Length">The payload's length in samples.</param>
/// <param name="Delayed">It arrived in order but after its media time was delivered, and its source was re-anchored.</param>
internal readonly record struct BufferedPacket(long Sequence, long Position, PacketKind Kind, byte[]? Payload, int Length, bool Delayed = false);
