using System.Globalization;
using System.Text;

namespace Grid.Sip.Sip;

/// <summary>
/// Parses one SIP message (RFC 3261 §7) from bytes: start line, header folding, compact names, comma-separated list
/// headers split into one field per value, the mandatory headers checked, the body cut by Content-Length. Never
/// throws on any input: every failure is a typed <see cref="SipParseResult"/>.
/// </summary>
public static class SipParser
{
    /// <summary>The default bound of a message (the largest UDP datagram).</summary>
    public const int DefaultMaxMessageSize = 65535;

    /// <summary>The most header fields a message may have.</summary>
    public const int MaxHeaderFields = 256;

    private static readonly string[] Mandatory = [SipHeaderNames.Via, SipHeaderNames.From, SipHeaderNames.To, SipHeaderNames.CallId, SipHeaderNames.CSeq];

    /// <summary>
    /// Parses <paramref name="data"/> (one datagram or one framed stream message). Without Content-Length the body is
    /// the rest of the data (allowed on UDP only; stream framing rejects it first).
    /// </summary>
    public static SipParseResult Parse(ReadOnlySpan<byte> data, int maxMessageSize = DefaultMaxMessageSize)
    {
        try
        {
            return ParseCore(data, maxMessageSize);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException or DecoderFallbackException)
        {
            // A defect guard: the grammar checks above should have caught it; the input is refused, never a crash.
            return SipParseResult.Fail(SipParseError.BadHeaderValue, "Malformed message");
        }
    }

    /// <summary>Finds the end of the header section: the index just after the empty line, or -1.</summary>
    internal static int FindHeaderEnd(ReadOnlySpan<byte> data)
    {
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] != (byte)'\n')
            {
                continue;
            }

            if (i + 1 < data.Length && data[i + 1] == (byte)'\n')
            {
                return i + 2;
            }

            if (i + 2 < data.Length && data[i + 1] == (byte)'\r' && data[i + 2] == (byte)'\n')
            {
                return i + 3;
            }
        }

        return -1;
    }

    /// <summary>The number of leading CR/LF bytes (keep-alives and stray line breaks between messages).</summary>
    internal static int CountLeadingLineBreaks(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length && data[i] is (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }

    private static SipParseResult ParseCore(ReadOnlySpan<byte> data, int maxMessageSize)
    {
        var tooLarge = data.Length > maxMessageSize;
        data = data[CountLeadingLineBreaks(data)..];
        if (data.IsEmpty)
        {
            return SipParseResult.Fail(SipParseError.Empty, "Empty message");
        }

        var headerEnd = FindHeaderEnd(data);
        var head = headerEnd < 0 ? data : data[..headerEnd];
        var body = headerEnd < 0 ? [] : data[headerEnd..];
        if (head.Length > maxMessageSize)
        {
            head = head[..maxMessageSize];
            tooLarge = true;
        }

        var text = Encoding.UTF8.GetString(head);
        var lines = text.Split('\n');
        var startLine = lines[0].TrimEnd('\r');

        var firstError = SipParseError.None;
        string? firstReason = null;
        void Fail(SipParseError error, string reason)
        {
            if (firstError == SipParseError.None)
            {
                firstError = error;
                firstReason = reason;
            }
        }

        SipMessage message;
        if (startLine.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase))
        {
            var response = ParseStatusLine(startLine);
            if (response is null)
            {
                return SipParseResult.Fail(SipParseError.BadStartLine, "Malformed status line");
            }

            message = response;
        }
        else
        {
            var parts = startLine.Split(' ');
            if (parts.Length != 3 || !SipSyntax.IsToken(parts[0]) || parts[1].Length == 0)
            {
                return SipParseResult.Fail(SipParseError.BadStartLine, "Malformed request line");
            }

            if (!string.Equals(parts[2], "SIP/2.0", StringComparison.OrdinalIgnoreCase))
            {
                if (!parts[2].StartsWith("SIP/", StringComparison.OrdinalIgnoreCase))
                {
                    return SipParseResult.Fail(SipParseError.BadStartLine, "Malformed request line");
                }

                Fail(SipParseError.UnsupportedVersion, "Version Not Supported");
            }

            var uri = SipUri.TryParse(parts[1]);
            if (uri is null)
            {
                var colon = parts[1].IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0 || !SipSyntax.IsToken(parts[1].AsSpan(0, colon)))
                {
                    return SipParseResult.Fail(SipParseError.BadStartLine, "Malformed Request-URI");
                }

                var scheme = parts[1][..colon].ToLowerInvariant();
                Fail(scheme is "sip" or "sips" or "tel" ? SipParseError.BadStartLine : SipParseError.UnsupportedUriScheme,
                    scheme is "sip" or "sips" or "tel" ? "Malformed Request-URI" : "Unsupported URI Scheme");
                uri = SipUri.Create("sip", null, "invalid", null);
            }

            message = new SipRequest(parts[0], uri);
        }

        if (tooLarge)
        {
            Fail(SipParseError.TooLarge, "Message Too Large");
        }

        ParseHeaders(lines, message.Headers, Fail);

        var request = message as SipRequest;
        CheckMandatory(message, request, Fail);

        var contentLengthText = message.Headers.Get(SipHeaderNames.ContentLength);
        var bodyLength = body.Length;
        if (contentLengthText is not null)
        {
            if (!int.TryParse(contentLengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var contentLength))
            {
                Fail(SipParseError.BadContentLength, "Malformed Content-Length");
            }
            else if (contentLength > body.Length)
            {
                Fail(SipParseError.BadContentLength, "Content-Length larger than the message");
            }
            else
            {
                bodyLength = contentLength;
            }
        }

        if (firstError != SipParseError.None)
        {
            return SipParseResult.Fail(firstError, firstReason!, request);
        }

        var contentType = message.Headers.Get(SipHeaderNames.ContentType);
        message.SetBody(contentType, body[..bodyLength]);

        return SipParseResult.Ok(message);
    }

    private static SipResponse? ParseStatusLine(string line)
    {
        // SIP-Version SP Status-Code SP Reason-Phrase
        var firstSpace = line.IndexOf(' ', StringComparison.Ordinal);
        if (firstSpace < 0 || !string.Equals(line[..firstSpace], "SIP/2.0", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = line[(firstSpace + 1)..];
        var secondSpace = rest.IndexOf(' ', StringComparison.Ordinal);
        var codeText = secondSpace < 0 ? rest : rest[..secondSpace];
        if (codeText.Length != 3 || !int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code is < 100 or > 699)
        {
            return null;
        }

        return new SipResponse(code, secondSpace < 0 ? null : rest[(secondSpace + 1)..]);
    }

    private static void ParseHeaders(string[] lines, SipHeaders headers, Action<SipParseError, string> fail)
    {
        string? name = null;
        var value = new StringBuilder();
        var fields = 0;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] is ' ' or '\t')
            {
                if (name is null)
                {
                    fail(SipParseError.BadHeaderLine, "Malformed header line");
                    continue;
                }

                value.Append(' ').Append(line.AsSpan().Trim());
                continue;
            }

            if (name is not null)
            {
                AddField(headers, name, value.ToString(), fail, ref fields);
            }

            name = null;
            value.Clear();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var candidate = colon < 0 ? string.Empty : line[..colon].Trim();
            if (!SipSyntax.IsToken(candidate))
            {
                fail(SipParseError.BadHeaderLine, "Malformed header line");
                continue;
            }

            name = candidate;
            value.Append(line.AsSpan(colon + 1).Trim());
        }

        if (name is not null)
        {
            AddField(headers, name, value.ToString(), fail, ref fields);
        }
    }

    private static void AddField(SipHeaders headers, string name, string value, Action<SipParseError, string> fail, ref int fields)
    {
        var canonical = SipHeaderNames.Canonicalize(name);
        if (SipHeaderNames.IsList(canonical))
        {
            var values = SipSyntax.SplitList(value);
            if (values is null)
            {
                fail(SipParseError.BadHeaderValue, "Malformed " + canonical + " header");
                return;
            }

            foreach (var item in values)
            {
                if (++fields > MaxHeaderFields)
                {
                    fail(SipParseError.TooManyHeaders, "Too many header fields");
                    return;
                }

                headers.Add(canonical, item);
            }

            return;
        }

        if (++fields > MaxHeaderFields)
        {
            fail(SipParseError.TooManyHeaders, "Too many header fields");
            return;
        }

        headers.Add(canonical, value);
    }

    private static void CheckMandatory(SipMessage message, SipRequest? request, Action<SipParseError, string> fail)
    {
        foreach (var name in Mandatory)
        {
            var values = message.Headers.GetAll(name);
            if (values.Count == 0)
            {
                fail(SipParseError.MissingHeader, "Missing " + name + " header");
            }
            else if (values.Count > 1 && name != SipHeaderNames.Via)
            {
                fail(SipParseError.MissingHeader, "More than one " + name + " header");
            }
        }

        foreach (var via in message.Headers.GetAll(SipHeaderNames.Via))
        {
            if (SipVia.TryParse(via) is null)
            {
                fail(SipParseError.BadHeaderValue, "Malformed Via header");
                break;
            }
        }

        if (message.Headers.Get(SipHeaderNames.From) is { } from && SipNameAddress.TryParse(from) is null)
        {
            fail(SipParseError.BadHeaderValue, "Malformed From header");
        }

        if (message.Headers.Get(SipHeaderNames.To) is { } to && SipNameAddress.TryParse(to) is null)
        {
            fail(SipParseError.BadHeaderValue, "Malformed To header");
        }

        if (message.Headers.Get(SipHeaderNames.CallId) is { } callId && (callId.Length == 0 || callId.Any(char.IsWhiteSpace)))
        {
            fail(SipParseError.BadHeaderValue, "Malformed Call-ID header");
        }

        if (message.Headers.Get(SipHeaderNames.CSeq) is { } cseqText)
        {
            var cseq = SipCSeq.TryParse(cseqText);
            if (cseq is null)
            {
                fail(SipParseError.BadHeaderValue, "Malformed CSeq header");
            }
            else if (request is not null && !string.Equals(cseq.Value.Method, request.Method, StringComparison.Ordinal))
            {
                fail(SipParseError.CSeqMismatch, "CSeq method does not match the request method");
            }
        }

        if (message.Headers.Get(SipHeaderNames.MaxForwards) is { } maxForwards
            && (!int.TryParse(maxForwards, NumberStyles.None, CultureInfo.InvariantCulture, out var hops) || hops > 255))
        {
            fail(SipParseError.BadHeaderValue, "Malformed Max-Forwards header");
        }

        if (request is not null)
        {
            foreach (var contact in message.Headers.GetAll(SipHeaderNames.Contact))
            {
                if (contact != "*" && SipNameAddress.TryParse(contact) is null)
                {
                    fail(SipParseError.BadHeaderValue, "Malformed Contact header");
                    break;
                }
            }
        }
    }
}
