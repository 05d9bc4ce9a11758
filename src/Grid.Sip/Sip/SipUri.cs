using System.Globalization;
using System.Text;

namespace Grid.Sip.Sip;

/// <summary>
/// A SIP, SIPS or tel URI (RFC 3261 §19.1, RFC 3966): scheme, user, host, port, parameters and headers. The text it was
/// parsed from is kept and written back unchanged.
/// </summary>
public sealed class SipUri
{
    private readonly string _text;

    private SipUri(string text, string scheme, string user, string host, int? port, IReadOnlyList<KeyValuePair<string, string?>> parameters, string headers)
    {
        _text = text;
        Scheme = scheme;
        User = user;
        Host = host;
        Port = port;
        Parameters = parameters;
        Headers = headers;
    }

    /// <summary>"sip", "sips" or "tel" (lower case).</summary>
    public string Scheme { get; }

    /// <summary>The user part (a tel URI's number); empty when none.</summary>
    public string User { get; }

    /// <summary>The host (an IPv6 reference keeps its brackets); empty for a tel URI.</summary>
    public string Host { get; }

    /// <summary>The port, when given.</summary>
    public int? Port { get; }

    /// <summary>The URI parameters (<c>;transport=tcp;lr</c>...).</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; }

    /// <summary>The URI headers after <c>?</c>, as given (empty when none).</summary>
    public string Headers { get; }

    /// <summary>The <c>transport</c> parameter, lower case, or null.</summary>
    public string? Transport => SipSyntax.GetParameter(Parameters, "transport", out _)?.ToLowerInvariant();

    /// <summary>Parses <paramref name="text"/>; null when it is not a sip, sips or tel URI.</summary>
    public static SipUri? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        var scheme = text[..colon].ToLowerInvariant();
        var rest = text.AsSpan(colon + 1);
        return scheme switch
        {
            "sip" or "sips" => ParseSip(text, scheme, rest),
            "tel" => ParseTel(text, rest),
            _ => null,
        };
    }

    /// <summary>Builds a sip URI from its parts.</summary>
    public static SipUri Create(string scheme, string? user, string host, int? port, IEnumerable<KeyValuePair<string, string?>>? parameters = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var list = parameters?.ToList() ?? [];
        var builder = new StringBuilder(scheme).Append(':');
        if (!string.IsNullOrEmpty(user))
        {
            builder.Append(user).Append('@');
        }

        builder.Append(host);
        if (port is { } p)
        {
            builder.Append(':').Append(p.ToString(CultureInfo.InvariantCulture));
        }

        builder.Append(SipSyntax.FormatParameters(list));
        return new SipUri(builder.ToString(), scheme, user ?? string.Empty, host, port, list, string.Empty);
    }

    public override string ToString() => _text;

    private static SipUri? ParseTel(string text, ReadOnlySpan<char> rest)
    {
        var semicolon = rest.IndexOf(';');
        var number = semicolon < 0 ? rest : rest[..semicolon];
        if (number.IsEmpty || number.ContainsAny(" <>\"\t"))
        {
            return null;
        }

        var parameters = semicolon < 0 ? [] : SipSyntax.ParseParameters(rest[semicolon..]);
        return parameters is null ? null : new SipUri(text, "tel", number.ToString(), string.Empty, null, parameters, string.Empty);
    }

    private static SipUri? ParseSip(string text, string scheme, ReadOnlySpan<char> rest)
    {
        if (rest.ContainsAny(" <>\"\t\r\n"))
        {
            return null;
        }

        var headers = string.Empty;
        var question = rest.IndexOf('?');
        if (question >= 0)
        {
            headers = rest[(question + 1)..].ToString();
            rest = rest[..question];
        }

        var user = string.Empty;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            var passwordColon = userInfo.IndexOf(':');
            user = (passwordColon < 0 ? userInfo : userInfo[..passwordColon]).ToString();
            if (user.Length == 0)
            {
                return null;
            }

            rest = rest[(at + 1)..];
        }

        var semicolon = rest.IndexOf(';');
        var hostPort = semicolon < 0 ? rest : rest[..semicolon];
        if (!TryParseHostPort(hostPort, out var host, out var port))
        {
            return null;
        }

        var parameters = semicolon < 0 ? [] : SipSyntax.ParseParameters(rest[semicolon..]);
        return parameters is null ? null : new SipUri(text, scheme, user, host, port, parameters, headers);
    }

    /// <summary>Parses <c>host[:port]</c> (IPv6 references in brackets).</summary>
    internal static bool TryParseHostPort(ReadOnlySpan<char> text, out string host, out int? port)
    {
        host = string.Empty;
        port = null;
        text = text.Trim();
        ReadOnlySpan<char> portText = [];
        var hasPort = false;
        if (text.StartsWith("["))
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            host = text[..(close + 1)].ToString();
            var after = text[(close + 1)..].Trim();
            if (!after.IsEmpty)
            {
                if (after[0] != ':')
                {
                    return false;
                }

                portText = after[1..];
                hasPort = true;
            }

            if (!System.Net.IPAddress.TryParse(host.AsSpan(1, host.Length - 2), out _))
            {
                return false;
            }
        }
        else
        {
            var colon = text.IndexOf(':');
            var hostText = (colon < 0 ? text : text[..colon]).Trim();
            if (hostText.IsEmpty)
            {
                return false;
            }

            foreach (var c in hostText)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
                {
                    return false;
                }
            }

            host = hostText.ToString();
            if (colon >= 0)
            {
                portText = text[(colon + 1)..];
                hasPort = true;
            }
        }

        if (!hasPort)
        {
            return true;
        }

        if (!int.TryParse(portText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > 65535)
        {
            return false;
        }

        port = value;
        return true;
    }
}
