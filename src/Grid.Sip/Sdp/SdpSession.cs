namespace Grid.Sip.Sdp;

/// <summary>A parsed SDP session description (RFC 4566): what the SRS needs of an offer.</summary>
public sealed record SdpSession(string Origin, string? ConnectionAddress, IReadOnlyList<SdpMedia> Media)
{
    /// <summary>Parses an SDP body; throws <see cref="SdpFormatException"/> with what is wrong.</summary>
    public static SdpSession Parse(string text) => throw new NotImplementedException();
}

/// <summary>One m= section.</summary>
/// <param name="Kind">"audio", "video", ...</param>
/// <param name="Port">The offered port (0: disabled).</param>
/// <param name="Protocol">"RTP/AVP", "RTP/SAVP", ...</param>
/// <param name="Formats">The payload types in preference order.</param>
/// <param name="ConnectionAddress">The media-level c= address, else the session's.</param>
/// <param name="Label">a=label.</param>
/// <param name="Direction">"sendonly", "recvonly", "sendrecv" or "inactive".</param>
/// <param name="RtpMaps">a=rtpmap entries by payload type: encoding name, clock rate, channels.</param>
/// <param name="Attributes">All a= lines as given (name, value or null).</param>
public sealed record SdpMedia(
    string Kind,
    int Port,
    string Protocol,
    IReadOnlyList<int> Formats,
    string? ConnectionAddress,
    string Label,
    string Direction,
    IReadOnlyDictionary<int, SdpRtpMap> RtpMaps,
    IReadOnlyList<KeyValuePair<string, string?>> Attributes);

/// <summary>An a=rtpmap entry.</summary>
public sealed record SdpRtpMap(string Encoding, int ClockRate, int Channels);

/// <summary>A malformed SDP body.</summary>
public sealed class SdpFormatException(string message) : FormatException(message);

/// <summary>The SRS's answer to an offer.</summary>
public static class SdpAnswer
{
    /// <summary>
    /// The answer: every m= line of the offer in order; recorded ones with their port, a=recvonly, the chosen payload
    /// type (and telephone-event if offered), a=label echoed, a=rtcp:port+1 unless the offer has a=rtcp-mux; the others
    /// port 0. <paramref name="sessionVersion"/> grows with each re-INVITE answer.
    /// </summary>
    public static string Build(SdpSession offer, Grid.Sip.Media.MediaPlan plan, IReadOnlyList<int> ports, string address, long sessionId, long sessionVersion) =>
        throw new NotImplementedException();
}
