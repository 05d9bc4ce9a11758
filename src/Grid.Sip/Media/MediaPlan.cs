using Grid.Sip.Metadata;

namespace Grid.Sip.Media;

/// <summary>
/// What the server records of an SDP offer: per offered m= line, whether it is recorded, with which payload type and
/// codec, on which channel; the stored <see cref="MediaFormat"/>. Built by <see cref="Plan"/>; the answer is built
/// from it (<see cref="Grid.Sip.Sdp.SdpAnswer"/>).
/// </summary>
public sealed record MediaPlan(IReadOnlyList<PlannedStream> Streams, MediaFormat Format)
{
    /// <summary>
    /// Plans the recording of <paramref name="offer"/> described by <paramref name="metadata"/>: every audio m= line with
    /// a usable codec (PCMU/PCMA) is recorded, up to two, each on its own channel in label order of the metadata
    /// (a single stream: one channel); null when no stream has a usable codec (the server answers 488).
    /// </summary>
    public static MediaPlan? Plan(Grid.Sip.Sdp.SdpSession offer, RecordingMetadata metadata) => throw new NotImplementedException();
}

/// <summary>One offered m= line and what is done with it.</summary>
/// <param name="MediaIndex">Index of the m= line in the offer.</param>
/// <param name="Label">Its a=label (empty when none).</param>
/// <param name="Recorded">False: answered with port 0.</param>
/// <param name="PayloadType">The RTP payload type recorded.</param>
/// <param name="Codec">Its codec.</param>
/// <param name="TelephoneEventPayloadType">The offered telephone-event payload type, if any (accepted, not stored as audio).</param>
/// <param name="Channel">The channel of the stored media it fills (-1 when not recorded).</param>
/// <param name="Inactive">The offer marks it a=inactive, or c=0.0.0.0, or port 0: a pause signal for an established session.</param>
public sealed record PlannedStream(int MediaIndex, string Label, bool Recorded, int PayloadType, MediaCodec Codec, int? TelephoneEventPayloadType, int Channel, bool Inactive);
