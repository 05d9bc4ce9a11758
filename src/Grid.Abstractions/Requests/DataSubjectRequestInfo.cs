using Grid.Retention;

namespace Grid.Requests;

/// <summary>A data-subject request as the tenant sees it (no identifier: only its hash is kept, and not shown).</summary>
[GenerateSerializer, Immutable, Alias("Grid.Requests.DataSubjectRequestInfo")]
public sealed record DataSubjectRequestInfo
{
    /// <summary>The tenant.</summary>
    [Id(0)]
    public required string TenantId { get; init; }

    /// <summary>The request id.</summary>
    [Id(1)]
    public required string RequestId { get; init; }

    /// <summary>What the person asked for.</summary>
    [Id(2)]
    public DataSubjectRequestKind Kind { get; init; }

    /// <summary>Where the request stands.</summary>
    [Id(3)]
    public DataSubjectRequestStatus Status { get; init; }

    /// <summary>The tenant's reference.</summary>
    [Id(4)]
    public string? Reference { get; init; }

    /// <summary>When the request was received (the deadline runs from here).</summary>
    [Id(5)]
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>One month from receipt; three months once extended.</summary>
    [Id(6)]
    public DateTimeOffset Deadline { get; init; }

    /// <summary>Why the deadline was extended (Art. 12(3)), or null.</summary>
    [Id(7)]
    public string? ExtensionReason { get; init; }

    /// <summary>How the person's identity was verified, or null.</summary>
    [Id(8)]
    public string? IdentityVerification { get; init; }

    /// <summary>When answered or refused.</summary>
    [Id(9)]
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Why refused, or null.</summary>
    [Id(10)]
    public string? RefusalReason { get; init; }

    /// <summary>The recordings the request acted on.</summary>
    [Id(11)]
    public IReadOnlyList<string> Recordings { get; init; } = [];

    /// <summary>Matching recordings it did not act on, and why.</summary>
    [Id(12)]
    public IReadOnlyList<WithheldRecording> Withheld { get; init; } = [];

    /// <summary>Erasure: the signed deletion certificate.</summary>
    [Id(13)]
    public DeletionCertificate? Certificate { get; init; }

    /// <summary>Access and portability: the bundle's files (the signed manifest lists the same).</summary>
    [Id(14)]
    public IReadOnlyList<ExportFile> Files { get; init; } = [];

    /// <summary>Access and portability: <c>manifest.json</c> of the bundle, signed by the processor (ES256).</summary>
    [Id(15)]
    public DeletionCertificate? Manifest { get; init; }

    /// <summary>Deadline notices raised so far: <c>deadline-approaching</c>, <c>deadline-missed</c>.</summary>
    [Id(16)]
    public IReadOnlyList<string> Notices { get; init; } = [];
}
