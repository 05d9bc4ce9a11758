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
    IReadOnlyList<MetadataStream> Streams)
{
    /// <summary>The <see cref="DataMode"/> of metadata that describes everything (the default when the XML does not say).</summary>
    public const string Complete = "complete";

    /// <summary>The <see cref="DataMode"/> of metadata that only describes what changed (RFC 7865 §6.1).</summary>
    public const string Partial = "partial";

    /// <summary>Metadata that says nothing: the starting point when the SRC has not sent any yet.</summary>
    public static RecordingMetadata Empty { get; } = new(Complete, [], null, [], []);

    /// <summary>Whether this is a partial update.</summary>
    public bool IsPartial => string.Equals(DataMode, Partial, StringComparison.Ordinal);
}

/// <summary>A participant: its metadata id, address of record (sip:/tel: URI), display name, and the stream ids it sends and receives.</summary>
/// <param name="Id">The metadata participant id (participant_id or id).</param>
/// <param name="Aor">The first nameID's aor (a sip:, sips: or tel: URI), or null.</param>
/// <param name="Name">The first display name given in a nameID, or null.</param>
/// <param name="Sends">The metadata stream ids the participant sends.</param>
/// <param name="Receives">The metadata stream ids the participant receives.</param>
public sealed record MetadataParticipant(string Id, string? Aor, string? Name, IReadOnlyList<string> Sends, IReadOnlyList<string> Receives)
{
    /// <summary>Every aor of the participant's nameIDs, in document order (the first is <see cref="Aor"/>).</summary>
    public IReadOnlyList<string> Aors { get; init; } = Aor is null ? [] : [Aor];

    /// <summary>
    /// When the participant joined the session (the <c>associate-time</c> of its <c>participantsessionassoc</c>), if
    /// given.
    /// </summary>
    public DateTimeOffset? JoinedAt { get; init; }

    /// <summary>
    /// The participant left the recorded session (RFC 7865 <c>participantsessionassoc</c> with a
    /// <c>disassociate-time</c>): it is kept, so the call's participant list still names everyone who took part.
    /// </summary>
    public bool Left { get; init; }

    /// <summary>The <c>disassociate-time</c> when <see cref="Left"/> and it was a valid date-time.</summary>
    public DateTimeOffset? LeftAt { get; init; }
}

/// <summary>A stream: its metadata id and the SDP <c>a=label</c> it describes.</summary>
public sealed record MetadataStream(string Id, string Label);
