namespace Grid.Calls;

/// <summary>
/// A search over a tenant's recordings, newest first. Every filter is optional; all given filters must hold.
/// The participant and tags are matched through the blind index (keyed hashes): exact matches of the canonical
/// identifier (<see cref="ParticipantIdentifier"/>) and of exact tag values.
/// </summary>
[GenerateSerializer, Immutable, Alias("Grid.Calls.RecordingQuery")]
public sealed record RecordingQuery
{
    /// <summary>Most results a page may hold.</summary>
    public const int MaxPageSize = 200;

    /// <summary>Recordings started at or after this time.</summary>
    [Id(0)]
    public DateTimeOffset? From { get; init; }

    /// <summary>Recordings started before this time.</summary>
    [Id(1)]
    public DateTimeOffset? To { get; init; }

    /// <summary>Only this direction.</summary>
    [Id(2)]
    public CallDirection? Direction { get; init; }

    /// <summary>Only this status (deleted recordings are never listed).</summary>
    [Id(3)]
    public CallStatus? Status { get; init; }

    /// <summary>Sealed recordings at least this long (start to seal).</summary>
    [Id(4)]
    public TimeSpan? MinDuration { get; init; }

    /// <summary>Sealed recordings at most this long.</summary>
    [Id(5)]
    public TimeSpan? MaxDuration { get; init; }

    /// <summary>A participant identifier as written (any format of the same number or address); hashed at once.</summary>
    [Id(6)]
    public string? Participant { get; init; }

    /// <summary>Tags that must be present with exactly these values (the category is the tag <c>category</c>).</summary>
    [Id(7)]
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Results per page, 1 to <see cref="MaxPageSize"/>.</summary>
    [Id(8)]
    public int PageSize { get; init; } = 50;

    /// <summary>The continuation of the previous page, as returned; null for the first page.</summary>
    [Id(9)]
    public string? Continuation { get; init; }
}
