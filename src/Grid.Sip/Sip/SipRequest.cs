namespace Grid.Sip.Sip;

/// <summary>A SIP request.</summary>
public sealed class SipRequest : SipMessage
{
    /// <summary>A request with no headers yet.</summary>
    public SipRequest(string method, SipUri requestUri)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentNullException.ThrowIfNull(requestUri);
        if (!SipSyntax.IsToken(method))
        {
            throw new ArgumentException("A SIP method is a token.", nameof(method));
        }

        Method = method;
        RequestUri = requestUri;
    }

    /// <summary>The method (case-sensitive, RFC 3261 §7.1).</summary>
    public string Method { get; }

    /// <summary>The Request-URI.</summary>
    public SipUri RequestUri { get; }

    public override string StartLine => Method + " " + RequestUri + " SIP/2.0";
}
