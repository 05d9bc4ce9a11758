namespace Grid.Sip.Metadata;

/// <summary>A Content-Type value (RFC 2045 §5.1): type, subtype and parameters, the quoted-string form included.</summary>
internal sealed class MimeContentType
{
    private readonly Dictionary<string, string> parameters;

    private MimeContentType(string type, string subType, Dictionary<string, string> parameters)
    {
        Type = type;
        SubType = subType;
        this.parameters = parameters;
    }

    public string Type { get; }

    public string SubType { get; }

    public string MediaType => $"{Type}/{SubType}";

    public static MimeContentType Parse(string value)
    {
        var semicolon = IndexOfUnquoted(value, ';', 0);
        var mediaType = (semicolon < 0 ? value : value[..semicolon]).Trim();
        var slash = mediaType.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == mediaType.Length - 1)
        {
            throw new SiprecBodyException($"The Content-Type '{Truncate(value)}' is not of the form type/subtype.");
        }

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (semicolon >= 0)
        {
            var next = IndexOfUnquoted(value, ';', semicolon + 1);
            var parameter = (next < 0 ? value[(semicolon + 1)..] : value[(semicolon + 1)..next]).Trim();
            semicolon = next;
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = parameter[..equals].Trim();
            var raw = parameter[(equals + 1)..].Trim();
            parameters.TryAdd(name, Unquote(raw));
        }

        return new MimeContentType(mediaType[..slash].Trim().ToLowerInvariant(), mediaType[(slash + 1)..].Trim().ToLowerInvariant(), parameters);
    }

    public bool Is(string type, string subType) =>
        string.Equals(Type, type, StringComparison.OrdinalIgnoreCase) && string.Equals(SubType, subType, StringComparison.OrdinalIgnoreCase);

    public string? Parameter(string name) => parameters.TryGetValue(name, out var value) ? value : null;

    private static string Unquote(string raw)
    {
        if (raw.Length < 2 || raw[0] != '"')
        {
            return raw;
        }

        var result = new System.Text.StringBuilder(raw.Length);
        for (var i = 1; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\' && i + 1 < raw.Length)
            {
                result.Append(raw[++i]);
            }
            else if (c == '"')
            {
                break;
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private static int IndexOfUnquoted(string value, char target, int start)
    {
        var quoted = false;
        for (var i = start; i < value.Length; i++)
        {
            var c = value[i];
            if (quoted && c == '\\')
            {
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == target)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Truncate(string value) => value.Length <= 80 ? value : value[..80] + "...";
}
