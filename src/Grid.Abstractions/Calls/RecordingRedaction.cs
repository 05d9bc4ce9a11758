namespace Grid.Calls;

/// <summary>Where a redaction stands.</summary>
public enum RedactionStatus
{
    /// <summary>Requested; waits for a second person (a tenant admin) to approve or reject it.</summary>
    Pending = 0,

    /// <summary>Approved and applied: the recording's current version has silence there and the original is destroyed.</summary>
    Applied = 1,

    /// <summary>Rejected (or withdrawn): nothing was changed.</summary>
    Rejected = 2,
}

/// <summary>
/// A range of a sealed recording to be replaced by silence for good (card data recorded despite a pause, words a
/// person asked to remove). Two people decide: a privacy officer requests it, a different tenant admin approves it.
/// Holds no personal data: the reason is a policy label, the principals pseudonymous subjects.
/// </summary>
[GenerateSerializer, Immutable, Alias("Grid.Calls.RecordingRedaction")]
public sealed record RecordingRedaction
{
    /// <summary>The redaction's id (<c>red-</c> and 16 hex digits).</summary>
    [Id(0)]
    public string RedactionId { get; init; } = string.Empty;

    /// <summary>Start of the range, milliseconds of the playback timeline (pauses included, as a player shows it).</summary>
    [Id(1)]
    public long FromMs { get; init; }

    /// <summary>End of the range (exclusive).</summary>
    [Id(2)]
    public long ToMs { get; init; }

    /// <summary>The channels silenced (0-based); empty: all of them.</summary>
    [Id(3)]
    public IReadOnlyList<int> Channels { get; init; } = [];

    /// <summary>Why (a label such as <c>card-data</c>).</summary>
    [Id(4)]
    public string Reason { get; init; } = string.Empty;

    /// <summary>Where it stands.</summary>
    [Id(5)]
    public RedactionStatus Status { get; init; }

    /// <summary>Who requested it (a verified subject).</summary>
    [Id(6)]
    public string RequestedBy { get; init; } = string.Empty;

    /// <summary>When it was requested.</summary>
    [Id(7)]
    public DateTimeOffset RequestedAt { get; init; }

    /// <summary>Who approved or rejected it.</summary>
    [Id(8)]
    public string? DecidedBy { get; init; }

    /// <summary>When it was approved or rejected.</summary>
    [Id(9)]
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>The recording version it produced (1 for the first redaction); 0 until applied.</summary>
    [Id(10)]
    public int Version { get; init; }

    /// <summary>The id of its signed certificate, once applied.</summary>
    [Id(11)]
    public string? CertificateId { get; init; }

    /// <summary>Value equality, comparing the channel lists element by element.</summary>
    /// <param name="other">The other redaction.</param>
    /// <returns>True when both are the same.</returns>
    public bool Equals(RecordingRedaction? other) =>
        other is not null && RedactionId == other.RedactionId && FromMs == other.FromMs && ToMs == other.ToMs
        && Channels.SequenceEqual(other.Channels) && Reason == other.Reason && Status == other.Status
        && RequestedBy == other.RequestedBy && RequestedAt == other.RequestedAt && DecidedBy == other.DecidedBy
        && DecidedAt == other.DecidedAt && Version == other.Version && CertificateId == other.CertificateId;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(RedactionId, Status, Version);
}

/// <summary>What a privacy officer sends to request a redaction.</summary>
/// <param name="FromMs">Start, milliseconds of the playback timeline.</param>
/// <param name="ToMs">End (exclusive), after the start and at most the recording's length.</param>
/// <param name="Channels">The channels to silence (0-based); null or empty: all.</param>
/// <param name="Reason">A label (1–64 characters of a–z, 0–9, '-', '.', '_').</param>
[GenerateSerializer, Immutable, Alias("Grid.Calls.RedactionRequest")]
public sealed record RedactionRequest([property: Id(0)] long FromMs, [property: Id(1)] long ToMs, [property: Id(2)] IReadOnlyList<int>? Channels, [property: Id(3)] string Reason);

/// <summary>An approved redaction: the recording's new summary and the signed certificate of what was destroyed.</summary>
/// <param name="Summary">The summary of the redacted recording.</param>
/// <param name="Certificate">The signed redaction certificate.</param>
[GenerateSerializer, Immutable, Alias("Grid.Calls.RedactionOutcome")]
public sealed record RedactionOutcome([property: Id(0)] CallSummary Summary, [property: Id(1)] Grid.Retention.DeletionCertificate Certificate);
