namespace Grid.Sip.Sip;

/// <summary>
/// A <c>name-addr</c> or <c>addr-spec</c> with header parameters (From, To, Contact, Route, Record-Route; RFC 3261
/// §20.10): <c>"Display" &lt;sip:user@host;uri-param&gt;;tag=abc</c> or <c>sip:user@host;tag=abc</c>.
/// </summary>
public sealed class SipNameAddress
{
    private readonly string _address;

    private SipNameAddress(string address, string? displayName, SipUri uri, IReadOnlyList<KeyValuePair<string, string?>> parameters)
    {
        _address = address;
        DisplayName = displayName;
        Uri = uri;
        Parameters = parameters;
    }

    /// <summary>The display name without quotes, or null.</summary>
    public string? DisplayName { get; }

    /// <summary>The URI.</summary>
    public SipUri Uri { get; }

    /// <summary>The header parameters (after the URI).</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; }

    /// <summary>The <c>tag</c> parameter, or null.</summary>
    public string? Tag => SipSyntax.GetParameter(Parameters, "tag", out _);

    /// <summary>Whether a parameter named <paramref name="name"/> is present (e.g. the <c>+sip.src</c> feature tag).</summary>
    public bool HasParameter(string name)
    {
        SipSyntax.GetParameter(Parameters, name, out var present);
        return present;
    }

    /// <summary>Parses a single name-addr / addr-spec value; null when malformed.</summary>
    public static SipNameAddress? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var span = text.AsSpan().Trim();
        var open = SipSyntax.IndexOfOutsideQuotes(span, '<');
        if (open == -2)
        {
            return null;
        }

        if (open >= 0)
        {
            var close = span[open..].IndexOf('>');
            if (close < 0)
            {
                return null;
            }

            close += open;
            var display = span[..open].Trim();
            string? displayName = null;
            if (!display.IsEmpty)
            {
                if (display[0] == '"')
                {
                    if (display.Length < 2 || display[^1] != '"')
                    {
                        return null;
                    }
                }
                else if (display.ContainsAny("\"<>"))
                {
                    return null;
                }

                displayName = SipSyntax.Unquote(display.ToString());
            }

            var uri = SipUri.TryParse(span[(open + 1)..close].ToString());
            var parameters = SipSyntax.ParseParameters(span[(close + 1)..]);
            return uri is null || parameters is null
                ? null
                : new SipNameAddress(span[..(close + 1)].ToString(), displayName, uri, parameters);
        }

        var semicolon = span.IndexOf(';');
        var addrSpec = semicolon < 0 ? span : span[..semicolon];
        var plainUri = SipUri.TryParse(addrSpec.ToString());
        var plainParameters = semicolon < 0 ? [] : SipSyntax.ParseParameters(span[semicolon..]);
        return plainUri is null || plainParameters is null
            ? null
            : new SipNameAddress("<" + addrSpec.Trim().ToString() + ">", null, plainUri, plainParameters);
    }

    /// <summary>A name-addr for <paramref name="uri"/> with <paramref name="parameters"/>.</summary>
    public static SipNameAddress Create(SipUri uri, IEnumerable<KeyValuePair<string, string?>>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return new SipNameAddress("<" + uri + ">", null, uri, parameters?.ToList() ?? []);
    }

    /// <summary>This address with its <c>tag</c> set to <paramref name="tag"/>.</summary>
    public SipNameAddress WithTag(string tag)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        var parameters = Parameters.Where(p => !string.Equals(p.Key, "tag", StringComparison.OrdinalIgnoreCase)).ToList();
        parameters.Add(new KeyValuePair<string, string?>("tag", tag));
        return new SipNameAddress(_address, DisplayName, Uri, parameters);
    }

    /// <summary>The header value: the address in angle brackets (display name kept) followed by the parameters.</summary>
    public override string ToString() => _address + SipSyntax.FormatParameters(Parameters);
}
