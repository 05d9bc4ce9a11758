using System.Net;

namespace Grid.Sip.Sip.Transport;

/// <summary>A UDP destination reached through the transport's one socket.</summary>
internal sealed class UdpChannel(UdpSipTransport transport, IPEndPoint remote) : ISipChannel
{
    public string Transport => "udp";

    public bool IsReliable => false;

    public IPEndPoint RemoteEndPoint => remote;

    public IPEndPoint LocalEndPoint => transport.LocalEndPoint;

    public bool IsOpen => transport.IsOpen;

    public bool Send(SipMessage message) => transport.Send(message, remote);
}
