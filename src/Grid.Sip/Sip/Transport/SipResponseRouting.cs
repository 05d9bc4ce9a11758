using System.Net;

namespace Grid.Sip.Sip.Transport;

/// <summary>Where a response to a UDP request goes (RFC 3261 §18.2.2, RFC 3581 §4).</summary>
internal static class SipResponseRouting
{
    /// <summary>The default SIP port.</summary>
    public const int DefaultPort = 5060;

    /// <summary>
    /// The destination of a response over UDP: the <c>received</c> address (else the sent-by host when it is an IP
    /// address, else the packet's source) and the <c>rport</c> value (else the sent-by port, else 5060).
    /// </summary>
    public static IPEndPoint UdpDestination(SipVia via, IPEndPoint source)
    {
        ArgumentNullException.ThrowIfNull(via);
        ArgumentNullException.ThrowIfNull(source);
        var address = IPAddress.TryParse(via.Received?.Trim('[', ']'), out var received)
            ? received
            : IPAddress.TryParse(via.Host.Trim('[', ']'), out var sentBy) ? sentBy : source.Address;
        var port = via.Rport ?? via.Port ?? DefaultPort;
        return new IPEndPoint(address, port);
    }

    /// <summary>The top Via of <paramref name="request"/> stamped with received/rport for a request from <paramref name="source"/>.</summary>
    public static void StampVia(SipRequest request, IPEndPoint source)
    {
        var via = request.TopVia;
        if (via is null)
        {
            return;
        }

        var address = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address;
        request.Headers.ReplaceFirst(SipHeaderNames.Via, via.WithReceived(address.ToString(), source.Port).ToString());
    }
}
