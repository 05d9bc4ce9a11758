using System.Text;

namespace Grid.Sip.Metadata;

/// <summary>
/// Splits a <c>multipart/*</c> body into its parts (RFC 2046 §5.1.1). Written by hand: the two-part SIPREC body needs
/// a few dozen lines, not a MIME library. Works on the bytes, so a part's content is exactly what was sent.
/// </summary>
internal static class MultipartReader
{
    /// <summary>The most parts read from one body.</summary>
    public const int MaxParts = 16;

    public static IReadOnlyList<MultipartPart> Split(ReadOnlySpan<byte> body, string boundary)
    {
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var lines = Lines(body);
        var parts = new List<MultipartPart>();
        int? partStart = null;
        var sawDelimiter = false;

        foreach (var (start, contentEnd, next) in lines)
        {
            var kind = DelimiterKind(body[start..contentEnd], delimiter);
            if (kind == 0)
            {
                continue;
            }

            if (partStart is { } begin)
            {
                // The line break before a delimiter belongs to the delimiter.
                var end = start;
                if (end > begin && body[end - 1] == (byte)'\n')
                {
                    end--;
                    if (end > begin && body[end - 1] == (byte)'\r')
                    {
                        end--;
                    }
                }

                parts.Add(ReadPart(body[begin..Math.Max(begin, end)]));
                if (parts.Count > MaxParts)
                {
                    throw new SiprecBodyException($"The multipart body has more than {MaxParts} parts.");
                }
            }

            sawDelimiter = true;
            if (kind == 2)
            {
                // The closing delimiter: the rest is the epilogue.
                return parts;
            }

            partStart = next;
        }

        if (!sawDelimiter)
        {
            throw new SiprecBodyException($"The multipart body never contains its boundary '--{boundary}'; check the boundary parameter of the Content-Type.");
        }

        if (partStart is { } last && last < body.Length)
        {
            // No closing delimiter: tolerated, the last part runs to the end of the body.
            parts.Add(ReadPart(body[last..]));
        }

        return parts;
    }

    /// <summary>0: not a delimiter; 1: a delimiter; 2: the closing delimiter. Transport padding (spaces, tabs) is allowed.</summary>
    private static int DelimiterKind(ReadOnlySpan<byte> line, ReadOnlySpan<byte> delimiter)
    {
        if (!line.StartsWith(delimiter))
        {
            return 0;
        }

        var rest = line[delimiter.Length..];
        var closing = rest.StartsWith("--"u8);
        if (closing)
        {
            rest = rest[2..];
        }

        foreach (var b in rest)
        {
            if (b is not ((byte)' ' or (byte)'\t'))
            {
                return 0;
            }
        }

        return closing ? 2 : 1;
    }

    /// <summary>Each line: its start, the end of its content (before CR LF / LF) and the start of the next line.</summary>
    private static List<(int Start, int ContentEnd, int Next)> Lines(ReadOnlySpan<byte> body)
    {
        var lines = new List<(int, int, int)>();
        var start = 0;
        while (start < body.Length)
        {
            var newline = body[start..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                lines.Add((start, body.Length, body.Length));
                break;
            }

            var end = start + newline;
            var contentEnd = end > start && body[end - 1] == (byte)'\r' ? end - 1 : end;
            lines.Add((start, contentEnd, end + 1));
            start = end + 1;
        }

        return lines;
    }

    private static MultipartPart ReadPart(ReadOnlySpan<byte> part)
    {
        // Headers up to the first empty line; a part that starts with an empty line has none.
        var headers = new List<(string Name, string Value)>();
        var position = 0;
        var bodyStart = -1;
        while (position < part.Length)
        {
            var newline = part[position..].IndexOf((byte)'\n');
            var end = newline < 0 ? part.Length : position + newline;
            var lineEnd = end > position && part[end - 1] == (byte)'\r' ? end - 1 : end;
            var line = Encoding.UTF8.GetString(part[position..lineEnd]);
            var next = newline < 0 ? part.Length : end + 1;
            if (line.Length == 0)
            {
                bodyStart = next;
                break;
            }

            if ((line[0] == ' ' || line[0] == '\t') && headers.Count > 0)
            {
                headers[^1] = (headers[^1].Name, headers[^1].Value + " " + line.Trim());
            }
            else
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    throw new SiprecBodyException($"A part of the multipart body has a malformed header line '{(line.Length <= 80 ? line : line[..80])}'; each part starts with headers, an empty line, then its content.");
                }

                headers.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }

            position = next;
        }

        if (bodyStart < 0)
        {
            // Only headers, no empty line: an empty part.
            bodyStart = part.Length;
        }

        string? Header(string name) => headers.Find(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

        var disposition = Header("Content-Disposition");
        var recordingSession = disposition is not null
            && disposition.Split(';')[0].Trim().Equals("recording-session", StringComparison.OrdinalIgnoreCase);
        return new MultipartPart(Header("Content-Type"), Header("Content-Transfer-Encoding"), recordingSession, part[bodyStart..].ToArray());
    }
}

/// <summary>One part of a multipart body.</summary>
internal sealed record MultipartPart(string? ContentType, string? TransferEncoding, bool IsRecordingSession, byte[] Content);
