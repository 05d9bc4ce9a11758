using System.Globalization;
using System.Text;
using Grid.Errors;

namespace Grid.Calls;

/// <summary>
/// Limits and checks on <see cref="CallMetadata"/>, shared by the recorder SDK (fail early) and the call grain
/// (the authority). Text must be well-formed: no control characters, no unpaired surrogates, no bidirectional
/// override characters, no Unicode non-characters.
/// </summary>
public static class CallMetadataRules
{
    /// <summary>Most participants a call may list.</summary>
    public const int MaxParticipants = 64;

    /// <summary>Most tags a call may carry.</summary>
    public const int MaxTags = 32;

    /// <summary>Longest participant role, tag key and media type.</summary>
    public const int MaxShortText = 64;

    /// <summary>Longest participant identifier and display name.</summary>
    public const int MaxText = 256;

    /// <summary>Longest tag value.</summary>
    public const int MaxTagValue = 512;

    /// <summary>Throws <see cref="GridValidationException"/> naming the first problem found.</summary>
    /// <param name="metadata">The metadata to check.</param>
    public static void Validate(CallMetadata? metadata)
    {
        if (metadata is null)
        {
            throw new GridValidationException("Call metadata is required.");
        }

        if (!Enum.IsDefined(metadata.Direction))
        {
            throw new GridValidationException("Call direction is not one of Unknown, Inbound, Outbound, Internal.");
        }

        if (metadata.Participants is null || metadata.Participants.Count > MaxParticipants)
        {
            throw new GridValidationException($"A call lists 0 to {MaxParticipants} participants.");
        }

        for (var i = 0; i < metadata.Participants.Count; i++)
        {
            var p = metadata.Participants[i] ?? throw new GridValidationException($"Participant {i} is null.");
            CheckText(p.Role, $"participants[{i}].role", MaxShortText, required: true);
            CheckText(p.Identifier, $"participants[{i}].identifier", MaxText, required: true);
            CheckText(p.DisplayName, $"participants[{i}].displayName", MaxText, required: false);
        }

        if (metadata.Tags is null || metadata.Tags.Count > MaxTags)
        {
            throw new GridValidationException($"A call carries 0 to {MaxTags} tags.");
        }

        foreach (var (key, value) in metadata.Tags)
        {
            CheckText(key, "tag key", MaxShortText, required: true);
            CheckText(value, "tag value", MaxTagValue, required: false);
        }

        CheckText(metadata.MediaType, "mediaType", MaxShortText, required: true);
    }

    /// <summary>Throws <see cref="GridValidationException"/> unless <paramref name="value"/> is well-formed text.</summary>
    /// <param name="value">The text.</param>
    /// <param name="field">Its name, for the message.</param>
    /// <param name="maxLength">Most UTF-16 code units allowed.</param>
    /// <param name="required">True when null or empty is an error.</param>
    public static void CheckText(string? value, string field, int maxLength, bool required)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                throw new GridValidationException($"{field} is required.");
            }

            return;
        }

        if (value.Length > maxLength)
        {
            throw new GridValidationException($"{field} is longer than {maxLength} characters.");
        }

        foreach (var rune in EnumerateRunesStrict(value, field))
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format && !IsAllowedFormat(rune))
            {
                throw new GridValidationException($"{field} contains a control or formatting character (U+{rune.Value:X4}); remove it.");
            }

            if ((rune.Value & 0xFFFE) == 0xFFFE || rune.Value is >= 0xFDD0 and <= 0xFDEF)
            {
                throw new GridValidationException($"{field} contains a Unicode non-character (U+{rune.Value:X4}); remove it.");
            }
        }
    }

    // Zero-width joiner/non-joiner are needed by some scripts and emoji; every other format character
    // (bidirectional overrides and isolates, invisible separators) is refused.
    private static bool IsAllowedFormat(Rune rune) => rune.Value is 0x200C or 0x200D;

    private static IEnumerable<Rune> EnumerateRunesStrict(string value, string field)
    {
        var index = 0;
        while (index < value.Length)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(index), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                throw new GridValidationException($"{field} contains an unpaired surrogate (malformed UTF-16).");
            }

            yield return rune;
            index += consumed;
        }
    }
}
