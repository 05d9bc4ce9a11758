using CsCheck;
using Grid.Sip.Media;

namespace Grid.Sip.Tests.Media;

public sealed class RtpPacketTests
{
    [Fact]
    public void Plain_packet_round_trips()
    {
        var buffer = new byte[200];
        var payload = Enumerable.Range(0, 160).Select(i => (byte)i).ToArray();

        var length = RtpPacket.Write(buffer, 8, true, 65535, 0xFFFFFF00, 0xCAFEBABE, payload);
        var packet = RtpPacket.Parse(buffer.AsSpan(0, length));

        Assert.Equal(172, length);
        Assert.Equal(new RtpPacket(8, true, 65535, 0xFFFFFF00, 0xCAFEBABE, 0, false, 0, 12, 160), packet);
        Assert.Equal(payload, packet.Payload(buffer.AsSpan(0, length)).ToArray());
    }

    [Fact]
    public void CSRC_list_header_extension_and_padding_are_skipped()
    {
        byte[] datagram =
        [
            0xB2, 0x00, 0x00, 0x07, // V=2, P=1, X=1, CC=2; PT 0; seq 7
            0x00, 0x00, 0x03, 0x20, // ts 800
            0x11, 0x22, 0x33, 0x44, // SSRC
            0xAA, 0xAA, 0xAA, 0xAA, // CSRC 1
            0xBB, 0xBB, 0xBB, 0xBB, // CSRC 2
            0xBE, 0xDE, 0x00, 0x01, // one-byte extension profile, 1 word
            0x10, 0xFF, 0x00, 0x00, // the extension word
            0x01, 0x02, 0x03,       // payload
            0x00, 0x00, 0x03,       // 3 bytes of padding
        ];

        var packet = RtpPacket.Parse(datagram);

        Assert.Equal(new RtpPacket(0, false, 7, 800, 0x11223344, 2, true, 3, 28, 3), packet);
        Assert.Equal([1, 2, 3], packet.Payload(datagram).ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x08, 0x00 }, "at least 12")]
    [InlineData(new byte[] { 0x40, 0x08, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 }, "version 1")]
    [InlineData(new byte[] { 0x83, 0x08, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1 }, "3 CSRCs")]
    [InlineData(new byte[] { 0x90, 0x08, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xBE, 0xDE }, "ends before")]
    [InlineData(new byte[] { 0x90, 0x08, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xBE, 0xDE, 0, 5, 0, 0, 0, 0 }, "runs past")]
    [InlineData(new byte[] { 0xA0, 0x08, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 9, 9, 0 }, "padding length 0")]
    [InlineData(new byte[] { 0xA0, 0x08, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 9, 9, 40 }, "padding length 40")]
    public void Malformed_datagrams_are_refused_with_the_reason(byte[] datagram, string reason)
    {
        Assert.False(RtpPacket.TryParse(datagram, out _));
        var error = Assert.Throws<RtpFormatException>(() => RtpPacket.Parse(datagram));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RTCP_is_recognised_on_the_RTP_port()
    {
        byte[] senderReport = [0x80, 200, 0x00, 0x06, 1, 2, 3, 4];
        byte[] audio = [0x80, 0x08, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1];

        Assert.True(RtpPacket.IsRtcp(senderReport));
        Assert.False(RtpPacket.IsRtcp(audio));
    }

    [Fact]
    public void Parsing_any_bytes_never_throws_anything_but_the_typed_error()
    {
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            if (RtpPacket.TryParse(bytes, out var packet))
            {
                Assert.InRange(packet.PayloadOffset + packet.PayloadLength + packet.PaddingLength, 12, bytes.Length);
            }
        });
    }
}
