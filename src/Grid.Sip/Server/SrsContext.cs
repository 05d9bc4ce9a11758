using System.Globalization;
using System.Net;
using Grid.Sip.Media;
using Grid.Sip.Recording;
using Grid.Sip.Sip;
using Grid.Sip.Sip.Transactions;
using Grid.Sip.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace Grid.Sip.Server;

/// <summary>What the server's parts share: settings, the backend, the transaction layer and transports, metrics, logs, time; and the headers every answer carries.</summary>
internal sealed class SrsContext(
    SrsOptions options,
    IRecordingBackend backend,
    SrsMetrics metrics,
    ILoggerFactory loggerFactory,
    TimeProvider time,
    SipTransactionLayer transactions,
    RtpPortPool ports)
{
    /// <summary>What Allow lists.</summary>
    public const string Allow = "INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE";

    /// <summary>What Accept lists.</summary>
    public const string Accept = "application/sdp, application/rs-metadata+xml, multipart/mixed";

    /// <summary>What Supported lists.</summary>
    public const string Supported = "siprec";

    public SrsOptions Options => options;

    public IRecordingBackend Backend => backend;

    public SrsMetrics Metrics => metrics;

    public ILogger Logger { get; } = loggerFactory.CreateLogger("Grid.Sip.Server.SrsServer");

    public ILogger MediaLogger { get; } = loggerFactory.CreateLogger<MediaSession>();

    public TimeProvider Time => time;

    public SipTransactionLayer Transactions => transactions;

    public RtpPortPool Ports => ports;

    /// <summary>The UDP transport, when enabled (in-dialog requests over UDP leave through it).</summary>
    public UdpSipTransport? Udp { get; set; }

    /// <summary>The address the SDP answer advertises for RTP.</summary>
    public string MediaAddress => options.Media.AdvertisedAddress ?? options.Media.BindAddress;

    /// <summary>A response carrying the Server header; a final response gets a To tag when the request's To has none (RFC 3261 §8.2.6.2).</summary>
    public SipResponse Respond(SipRequest request, int status, string? reason = null, string? toTag = null)
    {
        var response = SipResponse.Create(request, status, reason, status >= 200 ? toTag ?? SipTags.New() : null);
        response.Headers.Add(SipHeaderNames.Server, options.UserAgent);
        return response;
    }

    /// <summary>A 503 with Retry-After (whole seconds, at least 1).</summary>
    public SipResponse Unavailable(SipRequest request, string reason, TimeSpan retryAfter, string? toTag = null)
    {
        var response = Respond(request, 503, reason, toTag);
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        response.Headers.Add(SipHeaderNames.RetryAfter, seconds.ToString(CultureInfo.InvariantCulture));
        return response;
    }

    /// <summary>Adds Allow, Accept and Supported (OPTIONS answers, 405, 415).</summary>
    public static void AddCapabilities(SipResponse response)
    {
        response.Headers.Add(SipHeaderNames.Allow, Allow);
        response.Headers.Add(SipHeaderNames.Accept, Accept);
        response.Headers.Add(SipHeaderNames.Supported, Supported);
    }

    /// <summary>
    /// A 2xx in a dialog: To tag, Contact (with the <c>+sip.srs</c> feature tag of RFC 7866), Allow, Supported, Require
    /// siprec when the request required it, the Record-Route of a dialog-creating INVITE, and the SDP when given.
    /// </summary>
    public SipResponse Ok(SipRequest request, string localTag, ISipChannel channel, string? sdp, bool dialogCreating)
    {
        var response = Respond(request, 200, null, localTag);
        if (dialogCreating)
        {
            foreach (var route in request.Headers.GetAll(SipHeaderNames.RecordRoute))
            {
                response.Headers.Add(SipHeaderNames.RecordRoute, route);
            }
        }

        response.Headers.Add(SipHeaderNames.Contact, SipNameAddress.Create(ContactUri(channel), [new("+sip.srs", null)]).ToString());
        response.Headers.Add(SipHeaderNames.Allow, Allow);
        response.Headers.Add(SipHeaderNames.Supported, Supported);
        if (request.GetTokens(SipHeaderNames.Require).Contains("siprec", StringComparer.OrdinalIgnoreCase))
        {
            response.Headers.Add(SipHeaderNames.Require, "siprec");
        }

        if (sdp is not null)
        {
            response.SetBody("application/sdp", sdp);
        }

        return response;
    }

    /// <summary>This server's URI as reached over <paramref name="channel"/>.</summary>
    public SipUri ContactUri(ISipChannel channel)
    {
        var host = AdvertisedHost(channel);
        List<KeyValuePair<string, string?>> parameters = channel.Transport == "udp" ? [] : [new("transport", channel.Transport)];
        return SipUri.Create("sip", "srs", host, channel.LocalEndPoint.Port, parameters);
    }

    /// <summary>A Via for a request this server sends over <paramref name="channel"/>.</summary>
    public SipVia NewVia(ISipChannel channel) =>
        SipVia.Create(channel.Transport, AdvertisedHost(channel), channel.LocalEndPoint.Port, SipTags.NewBranch());

    /// <summary>
    /// The channel an in-dialog request takes: the stream connection the dialog came on while it is open, else (UDP)
    /// the next hop's address. Null when there is no way (the connection closed: the server does not open connections).
    /// </summary>
    public ISipChannel? OutboundChannel(SipDialog dialog, ISipChannel inbound)
    {
        if (inbound.IsReliable)
        {
            return inbound.IsOpen ? inbound : null;
        }

        if (Udp is null)
        {
            return null;
        }

        var hop = dialog.NextHop;
        var port = hop.Port ?? SipResponseRouting.DefaultPort;
        return IPAddress.TryParse(hop.Host.Trim('[', ']'), out var address)
            ? Udp.ChannelTo(new IPEndPoint(address, port))
            : Udp.ChannelTo(new IPEndPoint(inbound.RemoteEndPoint.Address, port));
    }

    private string AdvertisedHost(ISipChannel channel)
    {
        var host = options.AdvertisedAddress;
        if (string.IsNullOrWhiteSpace(host))
        {
            var address = channel.LocalEndPoint.Address;
            host = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? options.ListenAddress : address.ToString();
        }

        return IPAddress.TryParse(host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + host + "]" : host;
    }
}
