using Grid.Calls;

namespace Grid.Grains.Calls;

/// <summary>Persisted state of a call. Holds ciphertext and counts only. Field ids are a contract with stored data.</summary>
[GenerateSerializer, Alias("Grid.Grains.Calls.CallState")]
public sealed class CallState
{
    [Id(0)]
    public CallStatus Status { get; set; }

    /// <summary>True between the decision to seal and the completed seal (the final segment is fixed then).</summary>
    [Id(1)]
    public bool Sealing { get; set; }

    /// <summary>The encoded recording header (includes the wrapped data key, never the plaintext one).</summary>
    [Id(2)]
    public byte[]? Header { get; set; }

    /// <summary>Metadata encrypted under the recording's metadata key.</summary>
    [Id(3)]
    public byte[]? SealedMetadata { get; set; }

    /// <summary>Keyed MAC of the canonical metadata, to recognise a repeated Start.</summary>
    [Id(4)]
    public byte[]? MetadataMac { get; set; }

    /// <summary>
    /// Storage layout v1 (before the log: one block blob <c>calls/{call}/part-{n}</c> per part): the parts of a
    /// recording stored that way. Never written any more; non-empty only in state stored by an older release, and read
    /// only to recognise such a recording and refuse it (<see cref="CallLifecycle.PredatesLog"/>). The name stays: the
    /// grain state is stored as JSON, so the property's name is part of the stored shape, like its id.
    /// </summary>
    [Id(5)]
    public List<int> Parts { get; set; } = [];

    [Id(6)]
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>The final segment's plaintext, fixed when sealing begins so a retried seal writes the same bytes.</summary>
    [Id(7)]
    public byte[]? Trailer { get; set; }

    /// <summary>The summary, once sealed (and after deletion, the tombstone's).</summary>
    [Id(8)]
    public CallSummary? Summary { get; set; }

    /// <summary>When retention deletes the recording (set at seal).</summary>
    [Id(9)]
    public DateTimeOffset? RetainUntil { get; set; }

    [Id(10)]
    public DateTimeOffset? DeletedAt { get; set; }

    [Id(11)]
    public string? DeletionReason { get; set; }

    /// <summary>The call's <c>category</c> tag, which selects its retention (a policy label, not personal data).</summary>
    [Id(12)]
    public string? RetentionCategory { get; set; }

    /// <summary>Each log lane the call was bound to, at the position it had then: recovery scans from there.</summary>
    [Id(13)]
    public List<Grid.Storage.Log.LogPosition> Lanes { get; set; } = [];

    /// <summary>The data-subject request that restricted the recording's processing, or null.</summary>
    [Id(14)]
    public string? RestrictedBy { get; set; }

    /// <summary>Tenant events written with this state and not yet accepted by the event stream (the outbox).</summary>
    [Id(15)]
    public List<Grid.Events.TenantEventEnvelope> Outbox { get; set; } = [];

    /// <summary>The call's pauses, the open one last.</summary>
    [Id(16)]
    public List<CallPause> Pauses { get; set; } = [];

    /// <summary>The media gaps the recorder reported (at most <see cref="CallLimits.MaxMediaGaps"/>).</summary>
    [Id(17)]
    public List<MediaGapReport> MediaGaps { get; set; } = [];

    /// <summary>Gap reports beyond the kept ones.</summary>
    [Id(18)]
    public long UnlistedMediaGaps { get; set; }

    /// <summary>Metadata updates after the start.</summary>
    [Id(19)]
    public int MetadataUpdates { get; set; }

    /// <summary>The media's bytes per second (from its media type at the start, or a WAV header in chunk 0); 0: unknown.</summary>
    [Id(20)]
    public int MediaBytesPerSecond { get; set; }

    /// <summary>Bytes before the samples (a WAV header in chunk 0).</summary>
    [Id(21)]
    public int MediaHeaderBytes { get; set; }

    /// <summary>
    /// True when the recording is one RGRD blob (<c>calls/{call}/recording</c>), as a redaction writes its new version;
    /// false when it is assembled from the log by its manifest.
    /// </summary>
    [Id(22)]
    public bool WholeFile { get; set; }

    /// <summary>Redactions requested, applied or rejected, oldest first.</summary>
    [Id(23)]
    public List<RecordingRedaction> Redactions { get; set; } = [];

    /// <summary>The signed certificates of applied redactions, in the order applied.</summary>
    [Id(24)]
    public List<Grid.Retention.DeletionCertificate> RedactionCertificates { get; set; } = [];

    /// <summary>True from the moment a redacted version took over until the original's manifest and replica are replaced.</summary>
    [Id(25)]
    public bool DestroyingPrevious { get; set; }

    /// <summary>True from a WORM tenant's seal until the sealed recording is in write-once storage (retried on activation).</summary>
    [Id(26)]
    public bool WormPending { get; set; }

    /// <summary>The end of the recording's immutability policy in storage (WORM mode), once it has one.</summary>
    [Id(27)]
    public DateTimeOffset? ImmutableUntil { get; set; }
}
