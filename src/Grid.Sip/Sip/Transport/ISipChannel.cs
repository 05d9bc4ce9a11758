using System.Net;

namespace Grid.Sip.Sip.Transport;

/// <summary>
/// The way back to a peer: a UDP destination (chosen by the Via rules of RFC 3261 §18.2.2 and RFC 3581) or the TCP/TLS
/// connection a request came on. Sending never blocks: the bytes are queued (stream) or handed to the socket (UDP).
/// </summary>
internal interface ISipChannel
{
    /// <summary>"udp", "tcp" or "tls".</summary>
    string Transport { get; }

    /// <summary>Whether the transport is reliable (no retransmissions of requests and non-2xx responses).</summary>
    bool IsReliable { get; }

    /// <summary>The peer's address (UDP: where the bytes go).</summary>
    IPEndPoint RemoteEndPoint { get; }

    /// <summary>The local address the peer reached (for Via and Contact).</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Whether the channel can still send (a closed connection cannot).</summary>
    bool IsOpen { get; }

    /// <summary>Queues <paramref name="message"/> for sending; false when the channel is closed.</summary>
    bool Send(SipMessage message);
}
