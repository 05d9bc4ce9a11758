namespace Grid.Sip.Metadata;

/// <summary>
/// RFC 7865 recording metadata, normalised across the dialects SRCs send (RFC namespace, Sonus/Ribbon without
/// <c>:1</c>, BroadWorks <c>recording_metadata</c>; participant_id or id; associations inside or outside
/// <c>participant</c>). Holds only what the Grid needs: who took part, which stream each sends, the session's ids.
/// </summary>
/// <param name="DataMode">"complete" or "partial".</param>
/// <param name="SessionIds">The recorded sessions' SIP session ids / Call-IDs as given.</param>
/// <param name="VendorCallId">A vendor call identifier (Sonus callData call-id, Cisco ccsipdata), when present.</param>
/// <param name="Participants">The participants.</param>
/// <param name="Streams">The streams, each with its SDP label.</param>
public sealed record RecordingMetadata(
    string DataMode,
    IReadOnlyList<string> SessionIds,
    string? VendorCallId,
    IReadOnlyList<MetadataParticipant> Participants,
    IReadOnlyList<MetadataStream> Streams);

/// <summary>A participant: its metadata id, address of record (sip:/tel: URI), display name, and the stream ids it sends and receives.</summary>
public sealed record MetadataParticipant(string Id, string? Aor, string? Name, IReadOnlyList<string> Sends, IReadOnlyList<string> Receives);

/// <summary>A stream: its metadata id and the SDP <c>a=label</c> it describes.</summary>
public sealed record MetadataStream(string Id, string Label);
