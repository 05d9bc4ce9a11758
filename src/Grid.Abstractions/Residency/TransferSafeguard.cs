namespace Grid.Residency;

/// <summary>A safeguard the tenant recorded for one destination country.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Residency.TransferSafeguard")]
public sealed record TransferSafeguard
{
    /// <summary>The destination country (ISO 3166-1 alpha-2).</summary>
    [Id(0)]
    public required string Destination { get; init; }

    /// <summary>The legal ground.</summary>
    [Id(1)]
    public TransferSafeguardKind Kind { get; init; }

    /// <summary>The tenant's reference (contract, decision; 1-256 characters).</summary>
    [Id(2)]
    public required string Reference { get; init; }

    /// <summary>When it was recorded.</summary>
    [Id(3)]
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>Who recorded it (verified subject).</summary>
    [Id(4)]
    public string RecordedBy { get; init; } = "";
}
