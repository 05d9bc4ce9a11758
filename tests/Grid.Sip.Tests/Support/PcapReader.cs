using System.Buffers.Binary;
using System.Net;
using Grid.Development.Sip;

namespace Grid.Sip.Tests.Support;

/// <summary>Reads back what <see cref="PcapWriter"/> writes (classic libpcap, Ethernet/IPv4/UDP), checking the checksums.</summary>
internal static class PcapReader
{
    public static (uint Magic, int Major, int Minor, uint SnapLength, uint LinkType, List<PcapUdpRecord> Records) Read(byte[] file)
    {
        var span = file.AsSpan();
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(span);
        var records = new List<PcapUdpRecord>();
        var at = PcapWriter.GlobalHeaderLength;
        while (at < file.Length)
        {
            var seconds = BinaryPrimitives.ReadUInt32LittleEndian(span[at..]);
            var micros = BinaryPrimitives.ReadUInt32LittleEndian(span[(at + 4)..]);
            var included = (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(at + 8)..]);
            var original = (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(at + 12)..]);
            var frame = span.Slice(at + PcapWriter.RecordHeaderLength, included);
            at += PcapWriter.RecordHeaderLength + included;

            var etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
            var ip = frame.Slice(14, 20);
            var ipLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
            var ipChecksumValid = PcapWriter.Checksum(ip, 0) == 0;
            var source = new IPAddress(ip.Slice(12, 4));
            var destination = new IPAddress(ip.Slice(16, 4));
            var udp = frame.Slice(34, ipLength - 20);
            var udpLength = BinaryPrimitives.ReadUInt16BigEndian(udp[4..]);
            var udpChecksumValid = PcapWriter.Checksum(udp, PcapWriter.PseudoHeaderSum(source.GetAddressBytes(), destination.GetAddressBytes(), udpLength)) == 0;
            records.Add(new PcapUdpRecord(
                DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(seconds) + TimeSpan.FromMicroseconds(micros),
                included,
                original,
                etherType,
                ip[0],
                ip[9],
                ipChecksumValid,
                new IPEndPoint(source, BinaryPrimitives.ReadUInt16BigEndian(udp)),
                new IPEndPoint(destination, BinaryPrimitives.ReadUInt16BigEndian(udp[2..])),
                udpLength,
                udpChecksumValid,
                udp[8..].ToArray()));
        }

        return (magic, BinaryPrimitives.ReadUInt16LittleEndian(span[4..]), BinaryPrimitives.ReadUInt16LittleEndian(span[6..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[16..]), BinaryPrimitives.ReadUInt32LittleEndian(span[20..]), records);
    }
}

/// <summary>One frame of a capture, decoded down to the UDP payload.</summary>
internal sealed record PcapUdpRecord(
    DateTimeOffset Time,
    int IncludedLength,
    int OriginalLength,
    int EtherType,
    byte VersionAndHeaderLength,
    byte Protocol,
    bool IpChecksumValid,
    IPEndPoint Source,
    IPEndPoint Destination,
    int UdpLength,
    bool UdpChecksumValid,
    byte[] Payload);
