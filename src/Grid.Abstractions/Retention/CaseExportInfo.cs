using Grid.Requests;

namespace Grid.Retention;

/// <summary>A legal hold's e-discovery export: the held recordings' files and the processor-signed manifest.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Retention.CaseExportInfo")]
public sealed record CaseExportInfo
{
    /// <summary>The hold.</summary>
    [Id(0)]
    public required string HoldId { get; init; }

    /// <summary>The hold's case reference.</summary>
    [Id(1)]
    public required string CaseReference { get; init; }

    /// <summary>When the export was prepared.</summary>
    [Id(2)]
    public DateTimeOffset PreparedAt { get; init; }

    /// <summary>The bundle's files (the signed manifest lists the same).</summary>
    [Id(3)]
    public IReadOnlyList<ExportFile> Files { get; init; } = [];

    /// <summary>Held recordings not exported, and why (e.g. still being recorded).</summary>
    [Id(4)]
    public IReadOnlyList<WithheldRecording> Withheld { get; init; } = [];

    /// <summary><c>manifest.json</c>, signed by the processor (ES256).</summary>
    [Id(5)]
    public DeletionCertificate? Manifest { get; init; }
}
