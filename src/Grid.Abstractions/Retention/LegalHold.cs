namespace Grid.Retention;

/// <summary>A legal hold: the recordings it covers are never deleted and are isolated (legal-hold role only).</summary>
[GenerateSerializer, Immutable, Alias("Grid.Retention.LegalHold")]
public sealed record LegalHold
{
    /// <summary>The hold's id.</summary>
    [Id(0)]
    public required string HoldId { get; init; }

    /// <summary>The case or matter reference it was placed for.</summary>
    [Id(1)]
    public required string CaseReference { get; init; }

    /// <summary>The call it covers; null for a tenant-wide hold.</summary>
    [Id(2)]
    public string? CallId { get; init; }

    /// <summary>When it was placed.</summary>
    [Id(3)]
    public DateTimeOffset PlacedAt { get; init; }

    /// <summary>Who placed it (opaque principal id).</summary>
    [Id(4)]
    public string PlacedBy { get; init; } = string.Empty;

    /// <summary>When it was released; null while active.</summary>
    [Id(5)]
    public DateTimeOffset? ReleasedAt { get; init; }

    /// <summary>The legal basis of the hold (e.g. a court order or statutory duty), up to 256 characters.</summary>
    [Id(6)]
    public string? LegalBasis { get; init; }
}
