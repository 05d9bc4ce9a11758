namespace Grid.Sip.Sip.Transport;

/// <summary>Where transports hand what they received. Calls must not block: a transport's receive loop makes them.</summary>
internal interface ISipMessageSink
{
    /// <summary>A request (its top Via stamped with received/rport), with the channel its responses go back on.</summary>
    void OnRequest(SipRequest request, ISipChannel channel);

    /// <summary>A response (to a request this side sent).</summary>
    void OnResponse(SipResponse response, ISipChannel channel);

    /// <summary>Bytes that were not a usable message; <paramref name="answered"/> tells whether an error response went back.</summary>
    void OnMalformed(SipParseError error, string transport, bool answered);
}
