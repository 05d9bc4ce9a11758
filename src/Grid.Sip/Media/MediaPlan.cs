using Grid.Sip.Metadata;
using Grid.Sip.Recording;
using Grid.Sip.Sdp;

namespace Grid.Sip.Media;

/// <summary>
/// What the server records of an SDP offer: per offered m= line, whether it is recorded, with which payload type and
/// codec, on which channel; the stored <see cref="MediaFormat"/>. Built by <see cref="Plan"/>; the answer is built
/// from it (<see cref="Grid.Sip.Sdp.SdpAnswer"/>).
/// </summary>
/// <param name="Streams">One entry per offered m= line, in offer order.</param>
/// <param name="Format">The stored layout.</param>
public sealed record MediaPlan(IReadOnlyList<PlannedStream> Streams, MediaFormat Format)
{
    /// <summary>The most streams recorded from one offer (one per direction).</summary>
    public const int MaxRecordedStreams = 2;

    /// <summary>
    /// Plans the recording of <paramref name="offer"/>; null when no stream has a usable codec (the server answers
    /// 488). The rules:
    /// <list type="bullet">
    /// <item>Usable: an <c>m=audio</c> line on plain RTP (<c>RTP/AVP</c> or <c>RTP/AVPF</c>) offering PCMU or PCMA at
    /// 8000 Hz, mono: by a=rtpmap (a dynamic payload type mapped to PCMU/PCMA counts) or, without an rtpmap, the static
    /// payload types 0 (PCMU) and 8 (PCMA). Secure RTP (<c>RTP/SAVP</c>, <c>RTP/SAVPF</c>, DTLS) is not usable: SRTP is
    /// out of scope for now, such a line is answered with port 0 (and an offer of only SRTP gets 488).</item>
    /// <item>The codec of a stream is the first usable payload type in the offer's order — except that when the two
    /// recorded streams would end up with different laws and both also offer a common one, the common law is chosen
    /// (the first in the first stream's order), so that the stored bytes remain the bytes received.</item>
    /// <item>The first <see cref="MaxRecordedStreams"/> usable lines are recorded; channel i is the i-th recorded m= line
    /// in the offer's order (SIPREC SRCs list the caller's stream first; the metadata maps each channel to its
    /// participants, see <see cref="DescribeChannels"/>). One recorded line: one channel. A third usable line, video,
    /// text, a line without a usable codec: not recorded (answered with port 0).</item>
    /// <item>Stored format: the G.711 law itself when every recorded stream uses it (bytes stored exactly as received);
    /// L16 (16-bit big-endian linear PCM as RFC 3551 defines it, both streams decoded) when the two recorded streams use different laws.</item>
    /// <item><see cref="PlannedStream.Inactive"/> marks a line that is <c>a=inactive</c>, has <c>c=IN IP4 0.0.0.0</c>
    /// (or <c>::</c>), or has port 0: the pause signal of a re-INVITE. Such a line with a usable codec is still
    /// <see cref="PlannedStream.Recorded"/> (so a pausing re-INVITE plans the same channels as the INVITE it pauses and
    /// never yields null by itself); see <see cref="IsPaused"/>.</item>
    /// </list>
    /// <paramref name="metadata"/> is not needed to choose streams (the channel order is the m= order); pass it to
    /// <see cref="DescribeChannels"/> for the channels' participants.
    /// </summary>
    public static MediaPlan? Plan(SdpSession offer, RecordingMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(metadata);

        var choices = new List<(SdpMedia Media, int Index, IReadOnlyList<(int PayloadType, MediaCodec Codec)> Usable)>();
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var media = offer.Media[i];
            var usable = UsableCodecs(media);
            if (usable.Count > 0 && choices.Count < MaxRecordedStreams)
            {
                choices.Add((media, i, usable));
            }
        }

        if (choices.Count == 0)
        {
            return null;
        }

        var picks = choices.Select(c => c.Usable[0]).ToArray();
        if (picks.Select(p => p.Codec).Distinct().Count() > 1)
        {
            // Prefer a law every recorded stream offers, in the first stream's order.
            foreach (var (_, codec) in choices[0].Usable)
            {
                if (choices.TrueForAll(c => c.Usable.Any(u => u.Codec == codec)))
                {
                    picks = choices.Select(c => c.Usable.First(u => u.Codec == codec)).ToArray();
                    break;
                }
            }
        }

        var streams = new PlannedStream[offer.Media.Count];
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var media = offer.Media[i];
            var recorded = choices.FindIndex(c => c.Index == i);
            streams[i] = recorded < 0
                ? new PlannedStream(i, media.Label, false, -1, MediaCodec.Pcmu, null, -1, IsInactive(media))
                : new PlannedStream(i, media.Label, true, picks[recorded].PayloadType, picks[recorded].Codec, TelephoneEvent(media), recorded, IsInactive(media));
        }

        var codecs = picks.Select(p => p.Codec).Distinct().ToArray();
        var format = new MediaFormat(codecs.Length == 1 ? codecs[0] : MediaCodec.L16, 8000, choices.Count);
        return new MediaPlan(streams, format);
    }

    /// <summary>The recorded streams, in channel order.</summary>
    public IEnumerable<PlannedStream> RecordedStreams => Streams.Where(s => s.Recorded).OrderBy(s => s.Channel);

    /// <summary>Whether every recorded stream is inactive (the SRC paused the recording).</summary>
    public bool IsPaused => RecordedStreams.All(s => s.Inactive);

    /// <summary>
    /// Whether <paramref name="other"/> (the plan of a re-INVITE) records the same lines on the same channels with the
    /// same payload types and format, so that the running <see cref="MediaSession"/> can go on with it.
    /// </summary>
    public bool HasSameMediaAs(MediaPlan other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Format == other.Format
            && RecordedStreams.Select(s => (s.MediaIndex, s.Channel, s.PayloadType, s.Codec))
                .SequenceEqual(other.RecordedStreams.Select(s => (s.MediaIndex, s.Channel, s.PayloadType, s.Codec)));
    }

    /// <summary>
    /// The channels of the stored media with their participants: channel i carries the i-th recorded stream; its
    /// participants are those of <paramref name="metadata"/> that send the metadata stream whose label equals the m=
    /// line's a=label (empty when the metadata does not say).
    /// </summary>
    public IReadOnlyList<ChannelInfo> DescribeChannels(RecordingMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return RecordedStreams.Select(s =>
        {
            var streamIds = metadata.Streams.Where(m => s.Label.Length > 0 && m.Label == s.Label).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
            var senders = metadata.Participants.Where(p => p.Sends.Any(streamIds.Contains)).Select(p => p.Id).ToArray();
            return new ChannelInfo(s.Channel, s.Label, senders);
        }).ToArray();
    }

    private static List<(int PayloadType, MediaCodec Codec)> UsableCodecs(SdpMedia media)
    {
        var usable = new List<(int, MediaCodec)>();
        var plainRtp = string.Equals(media.Protocol, "RTP/AVP", StringComparison.OrdinalIgnoreCase)
            || string.Equals(media.Protocol, "RTP/AVPF", StringComparison.OrdinalIgnoreCase);
        if (!string.Equals(media.Kind, "audio", StringComparison.OrdinalIgnoreCase) || !plainRtp)
        {
            return usable;
        }

        foreach (var payloadType in media.Formats)
        {
            MediaCodec? codec = null;
            if (media.RtpMaps.TryGetValue(payloadType, out var map))
            {
                if (map.ClockRate == 8000 && map.Channels == 1)
                {
                    codec = map.Encoding.ToUpperInvariant() switch
                    {
                        "PCMU" => MediaCodec.Pcmu,
                        "PCMA" => MediaCodec.Pcma,
                        _ => null,
                    };
                }
            }
            else
            {
                codec = payloadType switch
                {
                    0 => MediaCodec.Pcmu,
                    8 => MediaCodec.Pcma,
                    _ => null,
                };
            }

            if (codec is { } found && !usable.Exists(u => u.Item1 == payloadType))
            {
                usable.Add((payloadType, found));
            }
        }

        return usable;
    }

    private static int? TelephoneEvent(SdpMedia media)
    {
        int? any = null;
        foreach (var payloadType in media.Formats)
        {
            if (media.RtpMaps.TryGetValue(payloadType, out var map) && string.Equals(map.Encoding, "telephone-event", StringComparison.OrdinalIgnoreCase))
            {
                if (map.ClockRate == 8000)
                {
                    return payloadType;
                }

                any ??= payloadType;
            }
        }

        return any;
    }

    private static bool IsInactive(SdpMedia media) =>
        media.Port == 0
        || string.Equals(media.Direction, "inactive", StringComparison.OrdinalIgnoreCase)
        || media.ConnectionAddress is "0.0.0.0" or "::";
}

/// <summary>One offered m= line and what is done with it.</summary>
/// <param name="MediaIndex">Index of the m= line in the offer.</param>
/// <param name="Label">Its a=label (empty when none).</param>
/// <param name="Recorded">False: answered with port 0.</param>
/// <param name="PayloadType">The RTP payload type recorded (-1 when not recorded).</param>
/// <param name="Codec">Its codec (meaningless when not recorded).</param>
/// <param name="TelephoneEventPayloadType">The offered telephone-event payload type, if any (accepted, not stored as audio).</param>
/// <param name="Channel">The channel of the stored media it fills (-1 when not recorded).</param>
/// <param name="Inactive">The offer marks it a=inactive, or c=0.0.0.0, or port 0: a pause signal for an established session.</param>
public sealed record PlannedStream(int MediaIndex, string Label, bool Recorded, int PayloadType, MediaCodec Codec, int? TelephoneEventPayloadType, int Channel, bool Inactive);
