namespace Grid.Sip.Sip;

/// <summary>
/// The outcome of parsing one message: the message, or the error with a reason phrase and, when the bytes were a
/// request whose headers could be read, that partial request so that an error response can be formed.
/// </summary>
public sealed class SipParseResult
{
    private SipParseResult(SipMessage? message, SipParseError error, string? reason, SipRequest? partialRequest)
    {
        Message = message;
        Error = error;
        Reason = reason;
        PartialRequest = partialRequest;
    }

    /// <summary>The message when <see cref="Error"/> is <see cref="SipParseError.None"/>.</summary>
    public SipMessage? Message { get; }

    /// <summary>What was wrong.</summary>
    public SipParseError Error { get; }

    /// <summary>A reason phrase for the error response (no message content in it).</summary>
    public string? Reason { get; }

    /// <summary>The request as far as it was read, to answer with <see cref="StatusCode"/>; null when no response can be formed (drop it).</summary>
    public SipRequest? PartialRequest { get; }

    /// <summary>The status code of the error response.</summary>
    public int StatusCode => Error switch
    {
        SipParseError.TooLarge => 513,
        SipParseError.UnsupportedVersion => 505,
        SipParseError.UnsupportedUriScheme => 416,
        _ => 400,
    };

    internal static SipParseResult Ok(SipMessage message) => new(message, SipParseError.None, null, null);

    internal static SipParseResult Fail(SipParseError error, string reason, SipRequest? partial = null) => new(null, error, reason, partial);
}
