using Grid.Sip.Media;
using Grid.Sip.Metadata;

namespace Grid.Sip.Recording;

/// <summary>What the Grid call starts with.</summary>
/// <param name="CallId">The Grid call id the server chose (unique, derived from the SIP Call-ID and a random part; safe as a Grid id).</param>
/// <param name="Format">How the stored media is laid out (codec, channels, rate).</param>
/// <param name="Metadata">The recording metadata (RFC 7865) as the SRC sent it, parsed.</param>
/// <param name="Channels">Which participant each channel carries (channel index → the participants sending on that stream).</param>
/// <param name="StartedAt">When the session was answered.</param>
public sealed record RecordingStart(
    string CallId,
    MediaFormat Format,
    RecordingMetadata Metadata,
    IReadOnlyList<ChannelInfo> Channels,
    DateTimeOffset StartedAt);

/// <summary>One channel of the stored media: the SDP stream's label and who sends on it.</summary>
public sealed record ChannelInfo(int Index, string Label, IReadOnlyList<string> ParticipantIds);
