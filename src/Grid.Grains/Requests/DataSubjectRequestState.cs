using Grid.Requests;
using Grid.Retention;

namespace Grid.Grains.Requests;

/// <summary>Persisted state of a data-subject request: the person only as an index term, never an identifier.</summary>
[GenerateSerializer, Alias("Grid.Grains.Requests.DataSubjectRequestState")]
public sealed class DataSubjectRequestState
{
    [Id(0)]
    public DataSubjectRequestKind Kind { get; set; }

    [Id(1)]
    public DataSubjectRequestStatus Status { get; set; }

    [Id(2)]
    public string? Reference { get; set; }

    /// <summary>The person's blind-index term (keyed hash of the canonical identifier).</summary>
    [Id(3)]
    public string ParticipantTerm { get; set; } = string.Empty;

    [Id(4)]
    public DateTimeOffset ReceivedAt { get; set; }

    [Id(5)]
    public DateTimeOffset Deadline { get; set; }

    [Id(6)]
    public string? ExtensionReason { get; set; }

    [Id(7)]
    public string? IdentityVerification { get; set; }

    [Id(8)]
    public DateTimeOffset? ClosedAt { get; set; }

    [Id(9)]
    public string? RefusalReason { get; set; }

    [Id(10)]
    public List<string> Recordings { get; set; } = [];

    [Id(11)]
    public List<WithheldRecording> Withheld { get; set; } = [];

    [Id(12)]
    public DeletionCertificate? Certificate { get; set; }

    [Id(13)]
    public List<ExportFile> Files { get; set; } = [];

    [Id(14)]
    public DeletionCertificate? Manifest { get; set; }

    [Id(15)]
    public List<string> Notices { get; set; } = [];

    /// <summary>Tenant events written with this state and not yet accepted by the event stream (the outbox).</summary>
    [Id(16)]
    public List<Grid.Events.TenantEventEnvelope> Outbox { get; set; } = [];
}
