using System.Collections.Concurrent;
using System.Net;
using Grid.Sip.Sip;
using Grid.Sip.Sip.Transport;

namespace Grid.Sip.Tests.Support;

/// <summary>A channel that keeps what is sent on it.</summary>
internal sealed class FakeChannel(bool reliable = false, string transport = "udp") : ISipChannel
{
    private readonly ConcurrentQueue<SipMessage> _sent = new();

    public string Transport => transport;

    public bool IsReliable => reliable;

    public IPEndPoint RemoteEndPoint { get; } = new(IPAddress.Loopback, 5070);

    public IPEndPoint LocalEndPoint { get; } = new(IPAddress.Loopback, 5060);

    public bool IsOpen { get; set; } = true;

    /// <summary>Everything sent, in order.</summary>
    public IReadOnlyList<SipMessage> Sent => [.. _sent];

    /// <summary>The status codes of the responses sent, in order.</summary>
    public IReadOnlyList<int> Statuses => [.. _sent.OfType<SipResponse>().Select(r => r.StatusCode)];

    public bool Send(SipMessage message)
    {
        if (!IsOpen)
        {
            return false;
        }

        _sent.Enqueue(message);
        return true;
    }
}
