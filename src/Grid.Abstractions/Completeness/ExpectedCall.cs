using Grid.Calls;

namespace Grid.Completeness;

/// <summary>
/// A call the phone system says took place (one row of its call records), which the tenant's recording policy wants
/// recorded. The parties are personal data: the Grid keeps them only encrypted under the tenant's key and as
/// blind-index terms for matching, never in clear.
/// </summary>
[GenerateSerializer, Immutable, Alias("Grid.Completeness.ExpectedCall")]
public sealed record ExpectedCall
{
    /// <summary>When the call started (the phone system's clock).</summary>
    [Id(0)]
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>How long it lasted, in seconds (0 to 86,400).</summary>
    [Id(1)]
    public int DurationSeconds { get; init; }

    /// <summary>The line, extension group or user it belongs to: a pseudonymous label (1–64 of a–z, 0–9, '-', '.', '_'), never a number.</summary>
    [Id(2)]
    public string Line { get; init; } = string.Empty;

    /// <summary>The direction, when the call records say it.</summary>
    [Id(3)]
    public CallDirection? Direction { get; init; }

    /// <summary>The parties' identifiers (numbers, SIP URIs), 0 to 10.</summary>
    [Id(4)]
    public IReadOnlyList<string> Parties { get; init; } = [];

    /// <summary>The phone system's reference of the call (1–128 of A–Z, a–z, 0–9 and <c>-._:@</c>), when it has one.</summary>
    [Id(5)]
    public string? Reference { get; init; }
}

/// <summary>What an import of expected calls did.</summary>
/// <param name="Accepted">Rows added.</param>
/// <param name="Duplicates">Rows already known (same reference, or same line, start and parties): kept once.</param>
[GenerateSerializer, Immutable, Alias("Grid.Completeness.CompletenessImport")]
public sealed record CompletenessImport([property: Id(0)] int Accepted, [property: Id(1)] int Duplicates);
