using System.Text;

namespace Grid.Sip.Sip;

/// <summary>Lexical helpers of RFC 3261 §25: tokens, quoted strings, lists and parameters.</summary>
internal static class SipSyntax
{
    /// <summary>Whether <paramref name="c"/> is a <c>token</c> character.</summary>
    public static bool IsTokenChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '-' or '.' or '!' or '%' or '*' or '_' or '+' or '`' or '\'' or '~';

    /// <summary>Whether <paramref name="s"/> is a non-empty token.</summary>
    public static bool IsToken(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Splits a list header's value at the commas that are outside quoted strings and angle brackets; empty elements are
    /// dropped. Null when a quote or bracket is left open.
    /// </summary>
    public static List<string>? SplitList(string value)
    {
        var parts = new List<string>();
        var start = 0;
        var inQuotes = false;
        var inAngle = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (inQuotes)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inQuotes = true;
                    break;
                case '<':
                    inAngle = true;
                    break;
                case '>':
                    inAngle = false;
                    break;
                case ',' when !inAngle:
                    AddTrimmed(parts, value.AsSpan(start, i - start));
                    start = i + 1;
                    break;
            }
        }

        if (inQuotes || inAngle)
        {
            return null;
        }

        AddTrimmed(parts, value.AsSpan(start));
        return parts;

        static void AddTrimmed(List<string> parts, ReadOnlySpan<char> part)
        {
            var trimmed = part.Trim();
            if (!trimmed.IsEmpty)
            {
                parts.Add(trimmed.ToString());
            }
        }
    }

    /// <summary>
    /// Parses <c>;name[=value]</c> pairs (values: token, host or quoted string, quotes kept). Null when malformed (an
    /// empty or non-token name, an open quote).
    /// </summary>
    public static List<KeyValuePair<string, string?>>? ParseParameters(ReadOnlySpan<char> text)
    {
        var result = new List<KeyValuePair<string, string?>>();
        text = text.Trim();
        while (!text.IsEmpty)
        {
            if (text[0] != ';')
            {
                return null;
            }

            text = text[1..].TrimStart();
            var end = IndexOfOutsideQuotes(text, ';');
            if (end == -2)
            {
                return null;
            }

            var item = (end < 0 ? text : text[..end]).Trim();
            text = end < 0 ? [] : text[end..];
            var eq = item.IndexOf('=');
            var name = (eq < 0 ? item : item[..eq]).Trim();
            if (!IsToken(name))
            {
                return null;
            }

            string? value = null;
            if (eq >= 0)
            {
                var raw = item[(eq + 1)..].Trim();
                if (raw.IsEmpty || !IsParameterValue(raw))
                {
                    return null;
                }

                value = raw.ToString();
            }

            result.Add(new KeyValuePair<string, string?>(name.ToString(), value));
        }

        return result;
    }

    /// <summary>Index of <paramref name="target"/> outside quoted strings; -1 when absent, -2 when a quote is left open.</summary>
    public static int IndexOfOutsideQuotes(ReadOnlySpan<char> text, char target)
    {
        var inQuotes = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == target)
            {
                return i;
            }
        }

        return inQuotes ? -2 : -1;
    }

    /// <summary>The value of a quoted string without its quotes and escapes; the text itself when not quoted.</summary>
    public static string Unquote(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 1; i < value.Length - 1; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length - 1)
            {
                i++;
            }

            builder.Append(value[i]);
        }

        return builder.ToString();
    }

    /// <summary>A quoted string of <paramref name="value"/> (quotes and backslashes escaped, controls removed).</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                continue;
            }

            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Text safe to put in a header value or reason phrase: controls replaced by spaces, at most <paramref name="max"/> characters.</summary>
    public static string Sanitize(string text, int max = 200)
    {
        var builder = new StringBuilder(Math.Min(text.Length, max));
        foreach (var c in text)
        {
            if (builder.Length >= max)
            {
                break;
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString().Trim();
    }

    /// <summary>Formats parameters back to <c>;name=value</c> text.</summary>
    public static string FormatParameters(IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            builder.Append(';').Append(name);
            if (value is not null)
            {
                builder.Append('=').Append(value);
            }
        }

        return builder.ToString();
    }

    /// <summary>The value of the first parameter named <paramref name="name"/> (case-insensitive); <paramref name="present"/> tells a valueless one from none.</summary>
    public static string? GetParameter(IReadOnlyList<KeyValuePair<string, string?>> parameters, string name, out bool present)
    {
        foreach (var (key, value) in parameters)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                present = true;
                return value;
            }
        }

        present = false;
        return null;
    }

    private static bool IsParameterValue(ReadOnlySpan<char> value)
    {
        if (value[0] == '"')
        {
            return value.Length >= 2 && value[^1] == '"';
        }

        foreach (var c in value)
        {
            if (!(IsTokenChar(c) || c is '[' or ']' or ':' or '/' or '@' or '?' or '&' or '$' or '(' or ')' or '#'))
            {
                return false;
            }
        }

        return true;
    }
}
