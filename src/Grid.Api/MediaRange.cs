using System.Globalization;

namespace Grid.Api;

/// <summary>
/// One byte range of a response (RFC 9110 §14): <c>bytes=a-b</c>, <c>bytes=a-</c> or the suffix <c>bytes=-n</c>. A
/// header that names several ranges or another unit is ignored (the whole representation is sent, as the RFC
/// allows); a well-formed single range that is not satisfiable is refused (416).
/// </summary>
/// <param name="Start">First byte, inclusive.</param>
/// <param name="End">Last byte, inclusive.</param>
public readonly record struct MediaRange(long Start, long End)
{
    /// <summary>Bytes in the range.</summary>
    public long Length => End - Start + 1;

    /// <summary>The outcome of reading a Range header.</summary>
    public enum Outcome
    {
        /// <summary>No usable Range: send everything (200).</summary>
        Whole,

        /// <summary>Send <see cref="MediaRange"/> (206).</summary>
        Partial,

        /// <summary>Not satisfiable (416).</summary>
        Unsatisfiable,
    }

    /// <summary>Reads <paramref name="header"/> (null: no Range header).</summary>
    public static Outcome Parse(string? header, long total, out MediaRange range)
    {
        range = new MediaRange(0, total - 1);
        if (string.IsNullOrWhiteSpace(header))
        {
            return Outcome.Whole;
        }

        var text = header.Trim();
        if (!text.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || text.Contains(',', StringComparison.Ordinal))
        {
            return Outcome.Whole;
        }

        var spec = text[6..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return Outcome.Unsatisfiable;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            // Suffix: the last n bytes.
            if (!TryNumber(last, out var suffix) || suffix == 0 || total == 0)
            {
                return Outcome.Unsatisfiable;
            }

            range = new MediaRange(Math.Max(0, total - suffix), total - 1);
            return Outcome.Partial;
        }

        if (!TryNumber(first, out var start) || start >= total)
        {
            return Outcome.Unsatisfiable;
        }

        long end = total - 1;
        if (last.Length > 0)
        {
            if (!TryNumber(last, out end) || end < start)
            {
                return Outcome.Unsatisfiable;
            }

            end = Math.Min(end, total - 1);
        }

        range = new MediaRange(start, end);
        return Outcome.Partial;
    }

    private static bool TryNumber(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
