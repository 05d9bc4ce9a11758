using System.Globalization;

namespace Grid.Sip.Sip;

/// <summary>A CSeq value: sequence number (below 2^31) and method.</summary>
public readonly record struct SipCSeq(long Number, string Method)
{
    /// <summary>Parses <c>number method</c>; null when malformed.</summary>
    public static SipCSeq? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var span = text.AsSpan().Trim();
        var space = span.IndexOfAny(' ', '\t');
        if (space <= 0)
        {
            return null;
        }

        var method = span[(space + 1)..].Trim();
        if (!long.TryParse(span[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number >= 1L << 31
            || !SipSyntax.IsToken(method))
        {
            return null;
        }

        return new SipCSeq(number, method.ToString());
    }

    public override string ToString() => Number.ToString(CultureInfo.InvariantCulture) + " " + Method;
}
