using System.Buffers.Binary;

namespace Grid.Sip.Media;

/// <summary>
/// An RTP packet header (RFC 3550 §5.1) read from a datagram: the fixed header, the CSRC list, the header extension
/// and the padding are accounted for, and <see cref="PayloadOffset"/>/<see cref="PayloadLength"/> locate the payload in
/// the datagram. Written by hand: no RTP library is served.
/// </summary>
/// <param name="PayloadType">The payload type (0-127).</param>
/// <param name="Marker">The marker bit.</param>
/// <param name="SequenceNumber">The 16-bit sequence number.</param>
/// <param name="Timestamp">The 32-bit RTP timestamp.</param>
/// <param name="Ssrc">The synchronisation source.</param>
/// <param name="CsrcCount">How many CSRC identifiers follow the fixed header.</param>
/// <param name="HasExtension">Whether a header extension follows the CSRC list.</param>
/// <param name="PaddingLength">Padding bytes at the end of the datagram (0 without the P bit).</param>
/// <param name="PayloadOffset">Where the payload starts in the datagram.</param>
/// <param name="PayloadLength">The payload's length (padding excluded).</param>
public readonly record struct RtpPacket(
    int PayloadType,
    bool Marker,
    ushort SequenceNumber,
    uint Timestamp,
    uint Ssrc,
    int CsrcCount,
    bool HasExtension,
    int PaddingLength,
    int PayloadOffset,
    int PayloadLength)
{
    /// <summary>The fixed header's length.</summary>
    public const int HeaderLength = 12;

    /// <summary>The comfort noise payload type (RFC 3389).</summary>
    public const int ComfortNoisePayloadType = 13;

    /// <summary>The payload of this packet within <paramref name="datagram"/> (the one it was parsed from).</summary>
    public ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> datagram) => datagram.Slice(PayloadOffset, PayloadLength);

    /// <summary>
    /// Whether <paramref name="datagram"/> is an RTCP packet (RFC 5761 §4: version 2 and a second byte from 192 to 223,
    /// i.e. the RTCP packet types that would read as RTP payload types 64-95 with the marker set). With a=rtcp-mux
    /// they arrive on the RTP port.
    /// </summary>
    public static bool IsRtcp(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= 4 && (datagram[0] >> 6) == 2 && datagram[1] is >= 192 and <= 223;

    /// <summary>Reads the header of <paramref name="datagram"/>; false when it is not a well-formed RTP version 2 packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out RtpPacket packet) => TryParse(datagram, out packet, out _);

    /// <summary>Reads the header of <paramref name="datagram"/>; throws <see cref="RtpFormatException"/> with what is wrong.</summary>
    public static RtpPacket Parse(ReadOnlySpan<byte> datagram) =>
        TryParse(datagram, out var packet, out var error) ? packet : throw new RtpFormatException(error!);

    /// <summary>Reads the header of <paramref name="datagram"/>; false (and why) when it is not a well-formed RTP version 2 packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out RtpPacket packet, out string? error)
    {
        packet = default;
        if (datagram.Length < HeaderLength)
        {
            error = $"An RTP packet has at least {HeaderLength} bytes; this datagram has {datagram.Length}.";
            return false;
        }

        var first = datagram[0];
        var version = first >> 6;
        if (version != 2)
        {
            error = $"RTP version {version}; only version 2 is RTP (RFC 3550).";
            return false;
        }

        var padding = (first & 0x20) != 0;
        var extension = (first & 0x10) != 0;
        var csrcCount = first & 0x0F;
        var offset = HeaderLength + (4 * csrcCount);
        if (offset > datagram.Length)
        {
            error = $"The packet announces {csrcCount} CSRCs but has only {datagram.Length} bytes.";
            return false;
        }

        if (extension)
        {
            if (offset + 4 > datagram.Length)
            {
                error = "The packet announces a header extension but ends before it.";
                return false;
            }

            var words = BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 2)..]);
            offset += 4 + (4 * words);
            if (offset > datagram.Length)
            {
                error = $"The packet's header extension ({words} words) runs past its end.";
                return false;
            }
        }

        var end = datagram.Length;
        var paddingLength = 0;
        if (padding)
        {
            paddingLength = datagram[^1];
            if (paddingLength == 0 || end - paddingLength < offset)
            {
                error = $"The packet's padding length {paddingLength} is not within its payload.";
                return false;
            }

            end -= paddingLength;
        }

        var second = datagram[1];
        packet = new RtpPacket(
            second & 0x7F,
            (second & 0x80) != 0,
            BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(datagram[8..]),
            csrcCount,
            extension,
            paddingLength,
            offset,
            end - offset);
        error = null;
        return true;
    }

    /// <summary>
    /// Writes a plain RTP packet (version 2, no padding, CSRC or extension) with <paramref name="payload"/> into
    /// <paramref name="destination"/>; returns its length.
    /// </summary>
    public static int Write(Span<byte> destination, int payloadType, bool marker, ushort sequenceNumber, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadType);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, 127);
        var length = HeaderLength + payload.Length;
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination has {destination.Length} bytes; the packet needs {length}.", nameof(destination));
        }

        destination[0] = 0x80;
        destination[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
        payload.CopyTo(destination[HeaderLength..]);
        return length;
    }
}

/// <summary>A datagram that is not a well-formed RTP packet.</summary>
public sealed class RtpFormatException(string message) : FormatException(message);
