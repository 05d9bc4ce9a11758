using System.Text;

namespace Grid.Sip.Metadata;

/// <summary>
/// The body of a SIPREC INVITE, re-INVITE or UPDATE: <c>multipart/mixed</c> with an <c>application/sdp</c> part and a
/// recording-metadata part (<c>application/rs-metadata+xml</c> or <c>application/rs-metadata</c>), in either order;
/// or a lone SDP (a re-INVITE that only changes media) or lone metadata (an UPDATE).
/// </summary>
/// <param name="Sdp">The SDP text, or null when the body has none.</param>
/// <param name="MetadataXml">The recording metadata XML, or null when the body has none.</param>
public sealed record SiprecBody(string? Sdp, string? MetadataXml)
{
    /// <summary>The largest body accepted, in bytes.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>
    /// Splits a body by its Content-Type; throws <see cref="SiprecBodyException"/> (a 400 / 415 cause) when malformed.
    /// </summary>
    /// <remarks>
    /// <para>An empty body gives (null, null) whatever the Content-Type (an offerless re-INVITE): the caller decides
    /// whether that is acceptable. Content types are matched case-insensitively with their parameters ignored:
    /// <c>application/sdp</c>; <c>application/rs-metadata+xml</c> and <c>application/rs-metadata</c>;
    /// <c>multipart/mixed</c> with a <c>boundary</c> parameter (quoted or not).</para>
    /// <para>Multipart (RFC 2046): the preamble before the first delimiter and the epilogue after the closing one are
    /// ignored; CRLF or LF line ends; a missing closing delimiter is tolerated; part headers may be folded; a part whose
    /// Content-Type is the metadata's, or that has <c>Content-Disposition: recording-session</c> with an XML type,
    /// is the metadata; other parts (e.g. a vendor's text part) are ignored; <c>Content-Transfer-Encoding: base64</c>
    /// is decoded. Text is decoded as UTF-8.</para>
    /// <para>Refused with 415 (<see cref="SiprecBodyException.StatusCode"/>): a content type that is none of these.
    /// Refused with 400: a missing Content-Type on a non-empty body, a body over <see cref="MaxBodyBytes"/>, a
    /// multipart without a boundary or whose boundary never occurs, two SDP or two metadata parts, a multipart with
    /// neither, an undecodable part.</para>
    /// </remarks>
    public static SiprecBody Parse(string? contentType, ReadOnlySpan<byte> body)
    {
        if (body.Length > MaxBodyBytes)
        {
            throw new SiprecBodyException($"The body has {body.Length} bytes, more than the {MaxBodyBytes} accepted.");
        }

        if (body.IsEmpty)
        {
            return new SiprecBody(null, null);
        }

        if (string.IsNullOrWhiteSpace(contentType))
        {
            throw new SiprecBodyException("The request has a body but no Content-Type; send multipart/mixed, application/sdp or application/rs-metadata+xml.");
        }

        var type = MimeContentType.Parse(contentType);
        if (type.Is("application", "sdp"))
        {
            return new SiprecBody(Decode(body), null);
        }

        if (IsMetadataType(type))
        {
            return new SiprecBody(null, Decode(body));
        }

        if (type.Is("multipart", "mixed"))
        {
            return ParseMultipart(type, body);
        }

        throw new SiprecBodyException(
            $"The Content-Type '{type.MediaType}' is not supported; a SIPREC body is multipart/mixed with application/sdp and application/rs-metadata+xml parts.",
            415);
    }

    private static SiprecBody ParseMultipart(MimeContentType type, ReadOnlySpan<byte> body)
    {
        var boundary = type.Parameter("boundary");
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200)
        {
            throw new SiprecBodyException("The multipart/mixed Content-Type has no usable boundary parameter.");
        }

        string? sdp = null;
        string? metadata = null;
        foreach (var part in MultipartReader.Split(body, boundary))
        {
            var partType = part.ContentType is null ? null : MimeContentType.Parse(part.ContentType);
            var content = part.Content;
            if (part.TransferEncoding is { } encoding)
            {
                content = DecodeTransfer(encoding, content);
            }

            if (partType is not null && partType.Is("application", "sdp"))
            {
                if (sdp is not null)
                {
                    throw new SiprecBodyException("The multipart body has two application/sdp parts; send one.");
                }

                sdp = Decode(content);
            }
            else if (partType is not null && (IsMetadataType(partType) || (IsXml(partType) && part.IsRecordingSession)))
            {
                if (metadata is not null)
                {
                    throw new SiprecBodyException("The multipart body has two recording metadata parts; send one.");
                }

                metadata = Decode(content);
            }
        }

        if (sdp is null && metadata is null)
        {
            throw new SiprecBodyException("The multipart body has neither an application/sdp nor an application/rs-metadata+xml part.");
        }

        return new SiprecBody(sdp, metadata);
    }

    private static byte[] DecodeTransfer(string encoding, byte[] content)
    {
        switch (encoding.Trim().ToLowerInvariant())
        {
            case "7bit" or "8bit" or "binary":
                return content;
            case "base64":
                try
                {
                    return Convert.FromBase64String(Encoding.ASCII.GetString(content));
                }
                catch (FormatException e)
                {
                    throw new SiprecBodyException($"A base64 part of the multipart body does not decode: {e.Message}");
                }

            default:
                throw new SiprecBodyException($"The Content-Transfer-Encoding '{encoding}' is not supported; send the parts as 7bit, 8bit, binary or base64.");
        }
    }

    private static bool IsMetadataType(MimeContentType type) =>
        type.Is("application", "rs-metadata+xml") || type.Is("application", "rs-metadata");

    private static bool IsXml(MimeContentType type) =>
        type.Is("application", "xml") || type.Is("text", "xml") || type.SubType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase);

    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }
}

/// <summary>A body the server cannot use, with what is wrong.</summary>
/// <param name="message">What is wrong and what to send instead.</param>
public sealed class SiprecBodyException(string message) : FormatException(message)
{
    /// <summary>A body the server cannot use, with the SIP status it calls for (400 malformed, 415 unsupported type).</summary>
    public SiprecBodyException(string message, int statusCode)
        : this(message) => StatusCode = statusCode;

    /// <summary>The SIP response status this error calls for: 400 (malformed) unless the content type is unsupported (415).</summary>
    public int StatusCode { get; } = 400;
}
