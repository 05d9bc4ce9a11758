namespace Grid.Sip.Sip;

/// <summary>Why a message could not be parsed.</summary>
public enum SipParseError
{
    /// <summary>Parsed.</summary>
    None = 0,

    /// <summary>Nothing but line breaks (a keep-alive) or no bytes.</summary>
    Empty,

    /// <summary>Larger than the configured maximum (513 when a response can be formed).</summary>
    TooLarge,

    /// <summary>The first line is neither a request line nor a status line.</summary>
    BadStartLine,

    /// <summary>Not SIP/2.0 (505).</summary>
    UnsupportedVersion,

    /// <summary>The Request-URI is not sip, sips or tel (416).</summary>
    UnsupportedUriScheme,

    /// <summary>A header line without a name and colon, or a continuation line with nothing to continue.</summary>
    BadHeaderLine,

    /// <summary>More header fields than allowed.</summary>
    TooManyHeaders,

    /// <summary>Via, From, To, Call-ID or CSeq is missing (or a single-valued one repeated).</summary>
    MissingHeader,

    /// <summary>A header value does not follow its grammar.</summary>
    BadHeaderValue,

    /// <summary>The CSeq method differs from the request's method.</summary>
    CSeqMismatch,

    /// <summary>Content-Length is not a number, says more than the message holds, or is missing on a stream transport.</summary>
    BadContentLength,
}
