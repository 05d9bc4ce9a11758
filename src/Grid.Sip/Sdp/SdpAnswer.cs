using System.Text;
using Grid.Sip.Media;

namespace Grid.Sip.Sdp;

/// <summary>The SRS's answer to an offer.</summary>
public static class SdpAnswer
{
    /// <summary>
    /// The answer: every m= line of the offer in order; recorded ones with their port, a=recvonly, the chosen payload
    /// type (and telephone-event if offered), a=label echoed, a=rtcp:port+1 unless the offer has a=rtcp-mux; the others
    /// port 0. <paramref name="sessionVersion"/> grows with each re-INVITE answer.
    /// </summary>
    /// <remarks>
    /// <para>Layout (CRLF line ends): <c>v=0</c>, <c>o=grid-srs {sessionId} {sessionVersion} IN IP4|IP6 {address}</c>,
    /// <c>s=Grid SRS</c>, <c>c=IN IP4|IP6 {address}</c>, <c>t=0 0</c>, then per offered m= line either</para>
    /// <para>recorded: <c>m=audio {port} {offered RTP profile} {pt} [{telephone-event pt}]</c>, <c>a=rtpmap:{pt}
    /// PCMU|PCMA/8000</c>, <c>a=rtpmap:{te} telephone-event/{rate}</c> and <c>a=fmtp:{te} 0-16</c> when offered,
    /// <c>a=label:{label}</c> when the offer has one, <c>a=rtcp-mux</c> when offered else <c>a=rtcp:{port+1}</c>, and the
    /// direction: <c>a=recvonly</c>, or <c>a=inactive</c> when the offer is inactive or recvonly (RFC 3264 §6.1: the
    /// SRS never sends);</para>
    /// <para>not recorded, or offered with port 0 (RFC 3264 §8.2): <c>m={kind} 0 {protocol} {offered formats}</c>.</para>
    /// <para>The caller increments <paramref name="sessionVersion"/> for every answer it sends in the dialog (RFC 3264
    /// §8: the version grows by one with each new description); see <see cref="SdpSession.OriginVersion"/>.</para>
    /// </remarks>
    /// <param name="offer">The offer being answered.</param>
    /// <param name="plan">Its plan (<see cref="MediaPlan.Plan"/>), one <see cref="PlannedStream"/> per offered m= line.</param>
    /// <param name="ports">The RTP port of each plan stream in plan order (<see cref="MediaSession.Ports"/>; 0 for one not recorded).</param>
    /// <param name="address">The address the SRS receives media on (IPv4 or IPv6 literal).</param>
    /// <param name="sessionId">The o= session id (fixed for the dialog).</param>
    /// <param name="sessionVersion">The o= session version.</param>
    public static string Build(SdpSession offer, MediaPlan plan, IReadOnlyList<int> ports, string address, long sessionId, long sessionVersion)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        ArgumentOutOfRangeException.ThrowIfNegative(sessionId);
        ArgumentOutOfRangeException.ThrowIfNegative(sessionVersion);
        if (plan.Streams.Count != offer.Media.Count || ports.Count != plan.Streams.Count)
        {
            throw new ArgumentException($"The offer has {offer.Media.Count} m= lines, the plan {plan.Streams.Count} streams and {ports.Count} ports are given; they must be equal (plan the offer being answered).", nameof(plan));
        }

        var addressType = address.Contains(':', StringComparison.Ordinal) ? "IP6" : "IP4";
        var sdp = new StringBuilder(512);
        Line(sdp, "v=0");
        Line(sdp, $"o=grid-srs {sessionId} {sessionVersion} IN {addressType} {address}");
        Line(sdp, "s=Grid SRS");
        Line(sdp, $"c=IN {addressType} {address}");
        Line(sdp, "t=0 0");

        for (var i = 0; i < offer.Media.Count; i++)
        {
            var media = offer.Media[i];
            var stream = plan.Streams[i];
            if (stream.MediaIndex != i)
            {
                throw new ArgumentException($"Plan stream {i} describes m= line {stream.MediaIndex}; plan the offer being answered.", nameof(plan));
            }

            if (!stream.Recorded || media.Port == 0)
            {
                var formats = media.FormatTokens.Count > 0 ? string.Join(' ', media.FormatTokens) : string.Join(' ', media.Formats);
                Line(sdp, $"m={media.Kind} 0 {media.Protocol} {(formats.Length > 0 ? formats : "0")}");
                continue;
            }

            var port = ports[i];
            if (port is <= 0 or > 65534)
            {
                throw new ArgumentException($"Recorded stream {i} has no RTP port ({port}); pass the session's ports.", nameof(ports));
            }

            var telephoneEvent = stream.TelephoneEventPayloadType;
            Line(sdp, $"m=audio {port} {media.Protocol} {stream.PayloadType}{(telephoneEvent is { } te ? $" {te}" : string.Empty)}");
            Line(sdp, $"a=rtpmap:{stream.PayloadType} {(stream.Codec == MediaCodec.Pcma ? "PCMA" : "PCMU")}/8000");
            if (telephoneEvent is { } eventType)
            {
                var rate = media.RtpMaps.TryGetValue(eventType, out var map) ? map.ClockRate : 8000;
                Line(sdp, $"a=rtpmap:{eventType} telephone-event/{rate}");
                Line(sdp, $"a=fmtp:{eventType} 0-16");
            }

            if (media.Label.Length > 0)
            {
                Line(sdp, $"a=label:{media.Label}");
            }

            Line(sdp, media.RtcpMux ? "a=rtcp-mux" : $"a=rtcp:{port + 1}");
            var inactive = media.Direction is "inactive" or "recvonly";
            Line(sdp, inactive ? "a=inactive" : "a=recvonly");
        }

        return sdp.ToString();
    }

    private static void Line(StringBuilder sdp, string line) => sdp.Append(line).Append("\r\n");
}
