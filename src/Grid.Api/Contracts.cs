using Grid.Calls;

namespace Grid.Api;

/// <summary>A search over the tenant's recordings (POST body: identifiers and tags never travel in a URL).</summary>
public sealed record RecordingSearchRequest
{
    /// <summary>Recordings started at or after this time (ISO 8601).</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Recordings started before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>inbound, outbound, internal or unknown.</summary>
    public CallDirection? Direction { get; init; }

    /// <summary>recording or sealed.</summary>
    public CallStatus? Status { get; init; }

    /// <summary>Sealed recordings at least this many seconds long.</summary>
    public double? MinDurationSeconds { get; init; }

    /// <summary>Sealed recordings at most this many seconds long.</summary>
    public double? MaxDurationSeconds { get; init; }

    /// <summary>A participant as written anywhere (+44 20 7946 0000, 0044..., tel:, sip:, e-mail, user id).</summary>
    public string? Participant { get; init; }

    /// <summary>The tag <c>category</c>.</summary>
    public string? Category { get; init; }

    /// <summary>Tags that must be present with exactly these values.</summary>
    public Dictionary<string, string>? Tags { get; init; }

    /// <summary>1 to 200 (default 50).</summary>
    public int? PageSize { get; init; }

    /// <summary>From the previous page.</summary>
    public string? Continuation { get; init; }

    /// <summary>The grain query.</summary>
    public RecordingQuery ToQuery()
    {
        var tags = new Dictionary<string, string>(Tags ?? [], StringComparer.Ordinal);
        if (Category is not null)
        {
            tags["category"] = Category;
        }

        return new RecordingQuery
        {
            From = From,
            To = To,
            Direction = Direction,
            Status = Status,
            MinDuration = Seconds(MinDurationSeconds),
            MaxDuration = Seconds(MaxDurationSeconds),
            Participant = Participant,
            Tags = tags,
            PageSize = PageSize ?? 50,
            Continuation = Continuation,
        };
    }

    private static TimeSpan? Seconds(double? seconds) =>
        seconds is null ? null
        : double.IsFinite(seconds.Value) && seconds.Value is >= 0 and <= 1e9 ? TimeSpan.FromSeconds(seconds.Value)
        : throw new Errors.GridValidationException("A duration is 0 to 1e9 seconds.");
}

/// <summary>Places a legal hold.</summary>
/// <param name="CaseReference">The case or matter (1–128 characters).</param>
/// <param name="LegalBasis">Court order, statutory duty... (up to 256 characters).</param>
/// <param name="CallId">One recording, or null for every recording of the tenant.</param>
public sealed record HoldRequest(string CaseReference, string? LegalBasis = null, string? CallId = null);

/// <summary>Rotates the tenant's key.</summary>
/// <param name="RewrapExisting">Also re-wrap every existing recording's data key under the new version (default true).</param>
public sealed record RotateRequest(bool RewrapExisting = true);

/// <summary>Issues a signed deletion certificate.</summary>
/// <param name="Scope">What it covers, e.g. <c>erasure-request-2026-11</c> (1–64 characters).</param>
public sealed record CertificateRequest(string Scope);

/// <summary>Registers a webhook endpoint.</summary>
/// <param name="Url">An absolute https URL.</param>
/// <param name="Location">Where the receiver processes events (ISO 3166-1 alpha-2): checked by the transfer guard.</param>
public sealed record WebhookRequest(string Url, string? Location = null);

/// <summary>A tenant's termination, as the contract sets it.</summary>
/// <param name="EffectiveAt">The termination date.</param>
/// <param name="ReturnWindowDays">Days after it the tenant may still export (0-14).</param>
/// <param name="DeleteWithinDays">Days after it by which everything not held is deleted (1-15).</param>
public sealed record TerminateRequest(DateTimeOffset EffectiveAt, int ReturnWindowDays = 14, int DeleteWithinDays = 15);

/// <summary>A transfer safeguard the tenant records for a destination country.</summary>
/// <param name="Destination">ISO 3166-1 alpha-2 country code.</param>
/// <param name="Kind">adequacyDecision, standardContractualClauses or bindingCorporateRules.</param>
/// <param name="Reference">The tenant's reference.</param>
public sealed record SafeguardRequest(string Destination, Grid.Residency.TransferSafeguardKind Kind, string Reference);

/// <summary>A tenant's choice after an objection the Grid cannot route around.</summary>
/// <param name="Choice">suspend, terminate or withdraw.</param>
public sealed record ChoiceRequest(Grid.Governance.ObjectionChoice Choice);

/// <summary>An auditor's credential, exchanged for a short-lived token.</summary>
/// <param name="ClientId">The auditor client id (<c>{tenantId}/{requestId}</c>).</param>
/// <param name="Secret">The auditor secret.</param>
public sealed record AuditorTokenRequest(string ClientId, string Secret);

/// <summary>Body of <c>POST .../recordings/{call}/pause</c>.</summary>
/// <param name="Reason">A label (1–64 characters of a–z, 0–9, '-', '.', '_'), e.g. <c>card-data</c>.</param>
public sealed record PauseCallRequest(string Reason);

/// <summary>A retention extension: the recording's new retention end (later than its current one).</summary>
/// <param name="RetainUntil">The new retention end.</param>
public sealed record ExtendRetentionRequest(DateTimeOffset RetainUntil);

/// <summary>A recording's waveform (<c>?format=json</c>): the levels and pauses, and the media gaps the recorder reported.</summary>
/// <param name="Waveform">Levels per channel and column (base64, channel after channel), pauses and holds on the player's timeline.</param>
/// <param name="MediaGaps">Media gaps (channel, milliseconds, cause).</param>
public sealed record WaveformResponse(RecordingWaveform Waveform, IReadOnlyList<MediaGapReport> MediaGaps);
