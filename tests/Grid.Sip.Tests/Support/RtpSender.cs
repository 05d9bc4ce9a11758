using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grid.Sip.Media;

namespace Grid.Sip.Tests.Support;

/// <summary>Sends RTP from its own loopback port (one sender = one source address).</summary>
internal sealed class RtpSender : IDisposable
{
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly byte[] buffer = new byte[2048];

    public RtpSender() => socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public void Send(int port, int payloadType, int sequence, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload)
    {
        var length = RtpPacket.Write(buffer, payloadType, false, (ushort)sequence, timestamp, ssrc, payload);
        socket.SendTo(buffer.AsSpan(0, length), new IPEndPoint(IPAddress.Loopback, port));
    }

    public void SendRaw(int port, byte[] datagram) => socket.SendTo(datagram, new IPEndPoint(IPAddress.Loopback, port));

    public void Dispose() => socket.Dispose();

    /// <summary>Waits (polling, bounded) until <paramref name="condition"/> holds; the session's clock is fake, so this only waits for the loopback.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new TimeoutException($"Gave up waiting for {what}.");
            }

            await Task.Delay(2);
        }
    }
}
