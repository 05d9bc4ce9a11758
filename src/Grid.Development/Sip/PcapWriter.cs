using System.Buffers.Binary;
using System.Net;

namespace Grid.Development.Sip;

/// <summary>
/// Writes a libpcap capture (the classic format: a 24-byte global header, then a 16-byte record header before each
/// frame) of Ethernet/IPv4/UDP frames, with correct IPv4 header and UDP checksums. Made for SIPp's
/// <c>play_pcap_audio</c>, which replays each packet to the SRS's first answered port plus (the packet's UDP
/// destination port minus the lowest destination port of the capture): <see cref="WriteTwoStreamCall"/> puts stream 0
/// on port P and stream 1 on port P+2, the ports an SRS that allocates P, P+2 answers with.
/// </summary>
public sealed class PcapWriter : IDisposable
{
    /// <summary>LINKTYPE_ETHERNET.</summary>
    public const int LinkTypeEthernet = 1;

    public const int GlobalHeaderLength = 24;
    public const int RecordHeaderLength = 16;
    public const int FrameOverhead = 14 + 20 + 8;

    /// <summary>The static RTP payload type of comfort noise (RFC 3389).</summary>
    public const int ComfortNoisePayloadType = 13;

    private static readonly byte[] SourceMac = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];
    private static readonly byte[] DestinationMac = [0x02, 0x00, 0x00, 0x00, 0x00, 0x02];
    private readonly Stream output;
    private readonly bool leaveOpen;
    private ushort identification;

    public PcapWriter(Stream output, bool leaveOpen = false)
    {
        this.output = output;
        this.leaveOpen = leaveOpen;
        Span<byte> header = stackalloc byte[GlobalHeaderLength];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);   // magic: microsecond timestamps
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);        // version 2.4
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0);         // thiszone
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0);       // sigfigs
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);   // snaplen
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], LinkTypeEthernet);
        output.Write(header);
    }

    /// <summary>One RTP packet in a UDP datagram.</summary>
    public void WriteRtp(DateTimeOffset at, IPEndPoint source, IPEndPoint destination, int payloadType, ushort sequence, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload, bool marker = false)
    {
        // The fixed RTP header of RFC 3550 §5.1, written here rather than by the server's code: the capture is the
        // test's own view of the wire. Version 2, no padding, no extension, no CSRC.
        var rtp = new byte[12 + payload.Length];
        rtp[0] = 0x80;
        rtp[1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(rtp.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(8), ssrc);
        payload.CopyTo(rtp.AsSpan(12));
        WriteUdp(at, source, destination, rtp);
    }

    /// <summary>One UDP datagram in an IPv4 packet in an Ethernet frame.</summary>
    public void WriteUdp(DateTimeOffset at, IPEndPoint source, IPEndPoint destination, ReadOnlySpan<byte> payload)
    {
        var sourceAddress = source.Address.GetAddressBytes();
        var destinationAddress = destination.Address.GetAddressBytes();
        if (sourceAddress.Length != 4 || destinationAddress.Length != 4)
        {
            throw new ArgumentException("The capture holds IPv4 only.");
        }

        var udpLength = 8 + payload.Length;
        var ipLength = 20 + udpLength;
        var frame = new byte[14 + ipLength];
        SourceMac.CopyTo(frame, 6);
        DestinationMac.CopyTo(frame, 0);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);

        var ip = frame.AsSpan(14, 20);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)ipLength);
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], identification++);
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], 0x4000);    // don't fragment
        ip[8] = 64;
        ip[9] = 17;
        sourceAddress.CopyTo(ip[12..]);
        destinationAddress.CopyTo(ip[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip, 0));

        var udp = frame.AsSpan(34, udpLength);
        BinaryPrimitives.WriteUInt16BigEndian(udp, (ushort)source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], (ushort)destination.Port);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)udpLength);
        payload.CopyTo(udp[8..]);
        var checksum = Checksum(udp, PseudoHeaderSum(sourceAddress, destinationAddress, udpLength));
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], checksum == 0 ? (ushort)0xFFFF : checksum);

        Span<byte> record = stackalloc byte[RecordHeaderLength];
        var microseconds = (at - DateTimeOffset.UnixEpoch).Ticks / 10;
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(microseconds / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(microseconds % 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)frame.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)frame.Length);
        output.Write(record);
        output.Write(frame);
    }

    /// <summary>
    /// A two-stream G.711 call: packet k of stream s (payloads[s][k], 20 ms each) is sent at start + k·20 ms from
    /// source:port to destination port <paramref name="basePort"/> + 2s, with sequence numbers and timestamps from
    /// the given starts and SSRCs 0x5151_0000 + s. Packets are written in time order, stream 0 first at equal times.
    /// With <paramref name="endWithComfortNoise"/>, each stream ends with one comfort-noise packet (RFC 3389, payload
    /// type 13, noise level -127 dBov) as a phone with voice activity detection sends when its talker stops, so the
    /// silence that follows until the BYE is the source's own silence, not a stream that stopped.
    /// </summary>
    public static void WriteTwoStreamCall(
        string path, DateTimeOffset start, int basePort, int payloadType, IReadOnlyList<IReadOnlyList<byte[]>> payloads,
        ushort firstSequence = 1000, uint firstTimestamp = 160_000, bool endWithComfortNoise = false)
    {
        using var file = File.Create(path);
        using var writer = new PcapWriter(file);
        var source = IPAddress.Parse("192.0.2.10");
        var destination = IPAddress.Parse("192.0.2.20");
        var packets = payloads.Max(p => p.Count);
        for (var k = 0; k < packets; k++)
        {
            for (var s = 0; s < payloads.Count; s++)
            {
                if (k >= payloads[s].Count)
                {
                    continue;
                }

                var payload = payloads[s][k];
                writer.WriteRtp(
                    start + TimeSpan.FromMilliseconds(20 * k),
                    new IPEndPoint(source, 30000 + (2 * s)),
                    new IPEndPoint(destination, basePort + (2 * s)),
                    payloadType,
                    (ushort)(firstSequence + k),
                    firstTimestamp + (uint)(k * payload.Length),
                    0x5151_0000u + (uint)s,
                    payload,
                    marker: k == 0);
            }
        }

        if (!endWithComfortNoise)
        {
            return;
        }

        for (var s = 0; s < payloads.Count; s++)
        {
            var count = payloads[s].Count;
            var samples = payloads[s].Sum(p => p.Length);
            writer.WriteRtp(
                start + TimeSpan.FromMilliseconds(20 * count),
                new IPEndPoint(source, 30000 + (2 * s)),
                new IPEndPoint(destination, basePort + (2 * s)),
                ComfortNoisePayloadType,
                (ushort)(firstSequence + count),
                firstTimestamp + (uint)samples,
                0x5151_0000u + (uint)s,
                [127],
                marker: true);
        }
    }

    /// <summary>The Internet checksum (RFC 1071) of <paramref name="data"/> with an initial sum.</summary>
    public static ushort Checksum(ReadOnlySpan<byte> data, uint initial)
    {
        var sum = initial;
        var i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            sum += (uint)(data[i] << 8);
        }

        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    /// <summary>The UDP pseudo-header's contribution to the checksum (RFC 768).</summary>
    public static uint PseudoHeaderSum(byte[] source, byte[] destination, int udpLength) =>
        (uint)((source[0] << 8) | source[1]) + (uint)((source[2] << 8) | source[3])
        + (uint)((destination[0] << 8) | destination[1]) + (uint)((destination[2] << 8) | destination[3])
        + 17u + (uint)udpLength;

    public void Dispose()
    {
        output.Flush();
        if (!leaveOpen)
        {
            output.Dispose();
        }
    }
}
