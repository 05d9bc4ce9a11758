using System.Globalization;

namespace Grid.Sip.Sdp;

/// <summary>A parsed SDP session description (RFC 4566): what the SRS needs of an offer.</summary>
/// <param name="Origin">The o= line's value as given (username, session id, version, network type, address type, address).</param>
/// <param name="ConnectionAddress">The session-level c= address (without a TTL or count suffix), or null.</param>
/// <param name="Media">The m= sections in offer order.</param>
public sealed record SdpSession(string Origin, string? ConnectionAddress, IReadOnlyList<SdpMedia> Media)
{
    /// <summary>The largest SDP body accepted, in characters (a SIPREC offer is a few kilobytes).</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>The most m= lines accepted in one description.</summary>
    public const int MaxMediaLines = 64;

    /// <summary>
    /// The session-version field of the o= line (the third field), or null when the origin does not carry a number
    /// there. RFC 3264: an offer with an unchanged version describes an unchanged session.
    /// </summary>
    public long? OriginVersion
    {
        get
        {
            var fields = Origin.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length >= 3 && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;
        }
    }

    /// <summary>
    /// Parses an SDP body; throws <see cref="SdpFormatException"/> with what is wrong. Tolerant of what real SBCs
    /// send: CRLF or LF line ends, blank lines, unknown line types and attributes (kept in
    /// <see cref="SdpMedia.Attributes"/>), session- and media-level c=, a TTL on c=, <c>c=IN IP4 0.0.0.0</c>, port 0,
    /// a session-level direction attribute (inherited by the m= sections that have none), a port count (<c>49170/2</c>,
    /// the count is ignored) and non-RTP transports (their formats are kept as tokens only). Refused: an empty body,
    /// more than <see cref="MaxLength"/> characters or <see cref="MaxMediaLines"/> m= lines, a first line other than
    /// <c>v=0</c>, a line that is not <c>x=value</c>, a malformed m= line, and an RTP m= line with a non-numeric or
    /// out-of-range payload type.
    /// </summary>
    public static SdpSession Parse(string text) => SdpParser.Parse(text);
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
    IReadOnlyList<KeyValuePair<string, string?>> Attributes)
{
    /// <summary>
    /// The m= line's format tokens as given. For RTP transports they are the payload types of
    /// <see cref="Formats"/>; for other transports (e.g. <c>TCP/MSRP *</c>) they are the only record of the formats
    /// (and <see cref="Formats"/> is empty). An answer that rejects the section repeats them.
    /// </summary>
    public IReadOnlyList<string> FormatTokens { get; init; } = [];

    /// <summary>Whether the transport is an RTP profile (RTP/AVP, RTP/AVPF, RTP/SAVP, UDP/TLS/RTP/SAVPF, ...).</summary>
    public bool IsRtp => Protocol.Contains("RTP/", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the transport is secure RTP (RTP/SAVP, RTP/SAVPF, UDP/TLS/RTP/SAVP...), which the server does not record.</summary>
    public bool IsSecure => Protocol.Contains("SAVP", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the offer multiplexes RTCP on the RTP port (a=rtcp-mux, RFC 5761).</summary>
    public bool RtcpMux => Attributes.Any(a => string.Equals(a.Key, "rtcp-mux", StringComparison.OrdinalIgnoreCase));

    /// <summary>The a=ptime value in milliseconds, when given and numeric.</summary>
    public int? Ptime => FirstNumber("ptime");

    /// <summary>The port of a=rtcp (RFC 3605), when given.</summary>
    public int? RtcpPort => FirstNumber("rtcp");

    private int? FirstNumber(string attribute)
    {
        foreach (var (name, value) in Attributes)
        {
            if (string.Equals(name, attribute, StringComparison.OrdinalIgnoreCase) && value is not null)
            {
                var token = value.Split(' ', 2)[0];
                if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    return number;
                }
            }
        }

        return null;
    }
}

/// <summary>An a=rtpmap entry.</summary>
public sealed record SdpRtpMap(string Encoding, int ClockRate, int Channels);

/// <summary>A malformed SDP body (the server answers 400 or 488).</summary>
public sealed class SdpFormatException(string message) : FormatException(message);
