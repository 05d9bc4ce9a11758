using System.Globalization;
using System.Text;
using Grid.Errors;

namespace Grid.Calls;

/// <summary>
/// The canonical form of a participant identifier, so that differently written identifiers of the same person meet in
/// the blind participant index: phone numbers in E.164 (<c>tel:+442079460000</c>), SIP URIs and e-mail addresses
/// case-folded without parameters (<c>sip:a1@acme.example</c>, <c>mailto:jo@example.com</c>), anything else a user
/// id (<c>user:...</c>, trimmed, case kept). The canonical form is personal data: it is hashed at once and never
/// stored.
/// </summary>
public static class ParticipantIdentifier
{
    /// <summary>Shortest and longest E.164 number (digits after the '+').</summary>
    private const int MinDigits = 7;
    private const int MaxDigits = 15;

    /// <summary>
    /// The canonical form of <paramref name="identifier"/>; throws <see cref="GridValidationException"/> for text that is
    /// empty, too long, or looks like a phone number but is not a valid one.
    /// </summary>
    /// <param name="identifier">A phone number, SIP URI, e-mail address or user id as written anywhere.</param>
    /// <param name="nationalPrefix">
    /// The country calling code used for a national number (one leading 0, no '+' or 00), e.g. <c>44</c>; null refuses
    /// national numbers.
    /// </param>
    public static string Canonical(string? identifier, string? nationalPrefix = null)
    {
        CallMetadataRules.CheckText(identifier, "participant identifier", CallMetadataRules.MaxText, required: true);
        var text = identifier!.Trim();
        var lower = text.ToLowerInvariant();
        if (lower.StartsWith("sip:", StringComparison.Ordinal) || lower.StartsWith("sips:", StringComparison.Ordinal))
        {
            var rest = lower[(lower.IndexOf(':', StringComparison.Ordinal) + 1)..];
            var end = rest.IndexOfAny([';', '?', '>']);
            rest = end < 0 ? rest : rest[..end];
            var at = rest.IndexOf('@', StringComparison.Ordinal);
            if (at > 0 && LooksLikePhone(rest[..at]))
            {
                // sip:+44...@host names a telephone subscriber: the same person as the number.
                return Phone(rest[..at], nationalPrefix);
            }

            return rest.Length == 0 ? throw Invalid("a SIP URI needs a user or host") : "sip:" + rest;
        }

        if (lower.StartsWith("tel:", StringComparison.Ordinal))
        {
            var number = text[4..];
            var end = number.IndexOf(';', StringComparison.Ordinal);
            return Phone(end < 0 ? number : number[..end], nationalPrefix);
        }

        if (lower.StartsWith("mailto:", StringComparison.Ordinal))
        {
            lower = lower[7..];
        }

        if (lower.Contains('@', StringComparison.Ordinal) && !lower.Contains(' ', StringComparison.Ordinal))
        {
            return "mailto:" + lower;
        }

        return LooksLikePhone(text) ? Phone(text, nationalPrefix) : "user:" + text;
    }

    /// <summary>
    /// The form the index uses, at call start and in a search alike: <see cref="Canonical"/>, or <c>user:{text}</c>
    /// when the text looks like a number but is not a valid E.164 one (an internal extension, say), so that a
    /// recorder's odd identifier never fails a call and is still found when searched as written. Empty, over-long or
    /// malformed text is refused.
    /// </summary>
    /// <param name="identifier">The identifier as written.</param>
    /// <param name="nationalPrefix">See <see cref="Canonical"/>.</param>
    public static string ForIndex(string? identifier, string? nationalPrefix = null)
    {
        CallMetadataRules.CheckText(identifier, "participant identifier", CallMetadataRules.MaxText, required: true);
        try
        {
            return Canonical(identifier, nationalPrefix);
        }
        catch (GridValidationException)
        {
            return "user:" + identifier!.Trim();
        }
    }

    /// <summary>True for text made only of digits, spaces and the punctuation people write numbers with.</summary>
    private static bool LooksLikePhone(string text)
    {
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '+' or '/'))
            {
                return false;
            }
        }

        return digits >= 3;
    }

    private static string Phone(string text, string? nationalPrefix)
    {
        var digits = new StringBuilder();
        var plus = false;
        foreach (var c in text.Trim())
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c == '+' && digits.Length == 0 && !plus)
            {
                plus = true;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '/'))
            {
                throw Invalid("a phone number holds digits, spaces, '-', '.', '/', '(', ')' and one leading '+'");
            }
        }

        var number = digits.ToString();
        if (!plus)
        {
            if (number.StartsWith("00", StringComparison.Ordinal))
            {
                number = number[2..];
            }
            else if (number.StartsWith('0') && !string.IsNullOrEmpty(nationalPrefix))
            {
                number = nationalPrefix + number[1..];
            }
            else
            {
                throw Invalid("a phone number needs its country code ('+44 ...' or '0044 ...')");
            }
        }

        if (number.Length is < MinDigits or > MaxDigits || number[0] == '0')
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"an E.164 number has {MinDigits} to {MaxDigits} digits after the country code's '+', not starting with 0"));
        }

        return "tel:+" + number;
    }

    private static GridValidationException Invalid(string why) => new($"The participant identifier is not valid: {why}.");
}
