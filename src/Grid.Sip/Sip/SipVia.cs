using System.Globalization;
using System.Text;

namespace Grid.Sip.Sip;

/// <summary>One Via value (RFC 3261 §20.42, RFC 3581): <c>SIP/2.0/UDP host:port;branch=z9hG4bK...;rport;received=...</c>.</summary>
public sealed class SipVia
{
    /// <summary>The RFC 3261 branch prefix.</summary>
    public const string MagicCookie = "z9hG4bK";

    private SipVia(string transport, string host, int? port, IReadOnlyList<KeyValuePair<string, string?>> parameters)
    {
        Transport = transport;
        Host = host;
        Port = port;
        Parameters = parameters;
    }

    /// <summary>The transport, upper case ("UDP", "TCP", "TLS"...).</summary>
    public string Transport { get; }

    /// <summary>The sent-by host.</summary>
    public string Host { get; }

    /// <summary>The sent-by port, when given.</summary>
    public int? Port { get; }

    /// <summary>The parameters in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; }

    /// <summary>The branch parameter, or null.</summary>
    public string? Branch => SipSyntax.GetParameter(Parameters, "branch", out _);

    /// <summary>The received parameter, or null.</summary>
    public string? Received => SipSyntax.GetParameter(Parameters, "received", out _);

    /// <summary>Whether an <c>rport</c> parameter is present (with or without a value).</summary>
    public bool HasRport
    {
        get
        {
            SipSyntax.GetParameter(Parameters, "rport", out var present);
            return present;
        }
    }

    /// <summary>The rport value, when filled in.</summary>
    public int? Rport =>
        int.TryParse(SipSyntax.GetParameter(Parameters, "rport", out _), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;

    /// <summary>The sent-by as <c>host:port</c> (port omitted when not given), for transaction matching.</summary>
    public string SentBy => Port is { } port ? Host + ":" + port.ToString(CultureInfo.InvariantCulture) : Host;

    /// <summary>Parses one Via value; null when malformed.</summary>
    public static SipVia? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var span = text.AsSpan().Trim();

        // sent-protocol = protocol-name SLASH protocol-version SLASH transport, LWS allowed around the slashes.
        var slash1 = span.IndexOf('/');
        if (slash1 < 0 || !span[..slash1].Trim().Equals("SIP", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var afterName = span[(slash1 + 1)..];
        var slash2 = afterName.IndexOf('/');
        if (slash2 < 0 || !afterName[..slash2].Trim().SequenceEqual("2.0"))
        {
            return null;
        }

        var afterVersion = afterName[(slash2 + 1)..].TrimStart();
        var transportEnd = 0;
        while (transportEnd < afterVersion.Length && SipSyntax.IsTokenChar(afterVersion[transportEnd]))
        {
            transportEnd++;
        }

        if (transportEnd == 0)
        {
            return null;
        }

        var transport = afterVersion[..transportEnd].ToString().ToUpperInvariant();
        var sentByAndParams = afterVersion[transportEnd..];
        if (sentByAndParams.IsEmpty || !char.IsWhiteSpace(sentByAndParams[0]))
        {
            return null;
        }

        sentByAndParams = sentByAndParams.TrimStart();
        var semicolon = sentByAndParams.IndexOf(';');
        var sentBy = semicolon < 0 ? sentByAndParams : sentByAndParams[..semicolon];
        if (!SipUri.TryParseHostPort(sentBy, out var host, out var port))
        {
            return null;
        }

        var parameters = semicolon < 0 ? [] : SipSyntax.ParseParameters(sentByAndParams[semicolon..]);
        return parameters is null ? null : new SipVia(transport, host, port, parameters);
    }

    /// <summary>A Via for a request this stack sends.</summary>
    public static SipVia Create(string transport, string host, int port, string branch) =>
        new(transport.ToUpperInvariant(), host, port, [new("branch", branch), new("rport", null)]);

    /// <summary>
    /// This Via as a server transport stamps it on receipt (RFC 3261 §18.2.1, RFC 3581 §4): <c>received</c> when the
    /// source address differs from the sent-by host (always when rport was asked for), and the rport value filled in.
    /// </summary>
    public SipVia WithReceived(string sourceAddress, int sourcePort)
    {
        var needsReceived = HasRport || !string.Equals(Host.Trim('[', ']'), sourceAddress, StringComparison.OrdinalIgnoreCase);
        var parameters = new List<KeyValuePair<string, string?>>(Parameters.Count + 1);
        foreach (var p in Parameters)
        {
            if (string.Equals(p.Key, "received", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            parameters.Add(string.Equals(p.Key, "rport", StringComparison.OrdinalIgnoreCase)
                ? new KeyValuePair<string, string?>(p.Key, sourcePort.ToString(CultureInfo.InvariantCulture))
                : p);
        }

        if (needsReceived)
        {
            parameters.Add(new("received", sourceAddress));
        }

        return new SipVia(Transport, Host, Port, parameters);
    }

    public override string ToString()
    {
        var builder = new StringBuilder("SIP/2.0/").Append(Transport).Append(' ').Append(SentBy);
        builder.Append(SipSyntax.FormatParameters(Parameters));
        return builder.ToString();
    }
}
