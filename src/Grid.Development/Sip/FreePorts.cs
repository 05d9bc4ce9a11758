using System.Net;
using System.Net.Sockets;

namespace Grid.Development.Sip;

/// <summary>Free loopback ports for peers the tests start (SIPp's media port).</summary>
public static class FreePorts
{
    private static int _next = 48000;

    /// <summary>An even UDP port whose odd neighbour and the next pair are free now (P, P+1, P+2, P+3).</summary>
    public static int EvenUdpPair()
    {
        while (true)
        {
            var port = Interlocked.Add(ref _next, 4);
            if (port > 60000)
            {
                Interlocked.Exchange(ref _next, 48000);
                continue;
            }

            if (Enumerable.Range(port, 4).All(IsFree))
            {
                return port;
            }
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
