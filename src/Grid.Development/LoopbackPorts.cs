using System.Net;
using System.Net.Sockets;

namespace Grid.Development;

/// <summary>Free TCP ports on 127.0.0.1, for local emulators, test silos and load-test grids.</summary>
public static class LoopbackPorts
{
    /// <summary>A port that was free a moment ago (the OS picks it; a race with another process is possible but rare).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
