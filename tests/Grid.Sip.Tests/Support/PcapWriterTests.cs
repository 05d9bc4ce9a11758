using System.Net;
using Grid.Development.Sip;
using Grid.Sip.Media;

namespace Grid.Sip.Tests.Support;

public sealed class PcapWriterTests
{
    [Fact]
    public void Two_stream_capture_reads_back_with_valid_headers_checksums_ports_and_RTP()
    {
        var path = Path.Combine(Path.GetTempPath(), $"grid-sip-{Guid.NewGuid():N}.pcap");
        var start = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
        IReadOnlyList<byte[]> caller = [.. Enumerable.Range(0, 3).Select(k => Enumerable.Repeat((byte)(0x10 + k), 160).ToArray())];
        IReadOnlyList<byte[]> callee = [.. Enumerable.Range(0, 3).Select(k => Enumerable.Repeat((byte)(0x20 + k), 160).ToArray())];
        try
        {
            PcapWriter.WriteTwoStreamCall(path, start, 6000, 8, [caller, callee]);
            var bytes = File.ReadAllBytes(path);
            var (magic, major, minor, snapLength, linkType, records) = PcapReader.Read(bytes);

            Assert.Equal(24 + (6 * (16 + 14 + 20 + 8 + 12 + 160)), bytes.Length);
            Assert.Equal((0xA1B2C3D4u, 2, 4, 65535u, 1u), (magic, major, minor, snapLength, linkType));
            Assert.Equal(6, records.Count);
            for (var i = 0; i < records.Count; i++)
            {
                var record = records[i];
                var stream = i % 2;
                var k = i / 2;
                Assert.Equal(start + TimeSpan.FromMilliseconds(20 * k), record.Time);
                Assert.Equal((214, 214, 0x0800, (byte)0x45, (byte)17), (record.IncludedLength, record.OriginalLength, record.EtherType, record.VersionAndHeaderLength, record.Protocol));
                Assert.True(record.IpChecksumValid);
                Assert.True(record.UdpChecksumValid);
                Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 30000 + (2 * stream)), record.Source);
                Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.20"), 6000 + (2 * stream)), record.Destination);
                Assert.Equal(8 + 12 + 160, record.UdpLength);

                var rtp = RtpPacket.Parse(record.Payload);
                Assert.Equal((8, k == 0, (ushort)(1000 + k), 160_000u + (uint)(k * 160), 0x5151_0000u + (uint)stream), (rtp.PayloadType, rtp.Marker, rtp.SequenceNumber, rtp.Timestamp, rtp.Ssrc));
                Assert.Equal(stream == 0 ? caller[k] : callee[k], rtp.Payload(record.Payload).ToArray());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Checksums_match_the_RFC_1071_example_and_zero_UDP_checksum_is_sent_as_all_ones()
    {
        // RFC 1071 §3 example: the sum of 0001 f203 f4f5 f6f7 is ddf2, so the checksum is its complement.
        Assert.Equal((ushort)0x220d, PcapWriter.Checksum([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7], 0));

        using var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, leaveOpen: true))
        {
            writer.WriteUdp(DateTimeOffset.UnixEpoch, new IPEndPoint(IPAddress.Loopback, 1), new IPEndPoint(IPAddress.Loopback, 2), [1, 2, 3]);
        }

        var record = Assert.Single(PcapReader.Read(stream.ToArray()).Records);
        Assert.True(record.UdpChecksumValid);
        Assert.True(record.IpChecksumValid);
        Assert.Equal([1, 2, 3], record.Payload);
    }
}
