using System.Globalization;
using System.Text;

namespace Grid.Sip.Sip;

/// <summary>
/// Cuts messages out of a stream transport's bytes (TCP, TLS) by their Content-Length (RFC 3261 §18.3), skipping the
/// CRLF keep-alives between them (RFC 5626 §3.5.1). Messages larger than the bound are refused, and so is a header
/// section without Content-Length: on a stream the boundary of the next message cannot be known without it.
/// </summary>
public static class SipStreamFramer
{
    /// <summary>Looks at the start of <paramref name="buffer"/>.</summary>
    public static SipFrame Next(ReadOnlySpan<byte> buffer, int maxMessageSize)
    {
        var skip = SipParser.CountLeadingLineBreaks(buffer);
        if (skip > 0)
        {
            return new SipFrame(SipFrameKind.KeepAlive, skip);
        }

        var headerEnd = SipParser.FindHeaderEnd(buffer);
        if (headerEnd < 0)
        {
            return buffer.Length > maxMessageSize ? new SipFrame(SipFrameKind.TooLarge, buffer.Length) : new SipFrame(SipFrameKind.NeedMore, 0);
        }

        if (headerEnd > maxMessageSize)
        {
            return new SipFrame(SipFrameKind.TooLarge, headerEnd);
        }

        var contentLength = FindContentLength(buffer[..headerEnd]);
        if (contentLength is null)
        {
            return new SipFrame(SipFrameKind.MissingContentLength, headerEnd);
        }

        if (contentLength < 0)
        {
            return new SipFrame(SipFrameKind.BadContentLength, headerEnd);
        }

        var total = (long)headerEnd + contentLength.Value;
        if (total > maxMessageSize)
        {
            return new SipFrame(SipFrameKind.TooLarge, headerEnd);
        }

        return buffer.Length < total ? new SipFrame(SipFrameKind.NeedMore, 0) : new SipFrame(SipFrameKind.Message, (int)total);
    }

    /// <summary>The Content-Length (long form or <c>l</c>) of a header section; null when absent, -1 when malformed.</summary>
    private static int? FindContentLength(ReadOnlySpan<byte> head)
    {
        var text = Encoding.UTF8.GetString(head);
        int? found = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[0] is ' ' or '\t')
            {
                continue;
            }

            var name = line[..colon].Trim();
            if (!string.Equals(name, SipHeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase) && !string.Equals(name, "l", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (found is not null || !int.TryParse(line.AsSpan(colon + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return -1;
            }

            found = value;
        }

        return found;
    }
}
