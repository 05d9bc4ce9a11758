namespace Grid.Retention;

/// <summary>How long a tenant's recordings are kept: a default, and overrides by recording category (the call's
/// <c>category</c> tag).</summary>
[GenerateSerializer, Immutable, Alias("Grid.Retention.RetentionPolicy")]
public sealed record RetentionPolicy
{
    /// <summary>Shortest retention allowed (days).</summary>
    public const int MinDays = 1;

    /// <summary>Longest retention allowed (days).</summary>
    public const int MaxDays = 36_500;

    /// <summary>Days a recording is kept after it is sealed.</summary>
    [Id(0)]
    public int DefaultDays { get; init; } = 365;

    /// <summary>Days by category (the call's <c>category</c> tag), overriding the default.</summary>
    [Id(1)]
    public IReadOnlyDictionary<string, int> DaysByCategory { get; init; } = new Dictionary<string, int>();

    /// <summary>The retention of a recording of <paramref name="category"/>.</summary>
    /// <param name="category">The category, or null.</param>
    /// <returns>Days.</returns>
    public int DaysFor(string? category) =>
        category is not null && DaysByCategory.TryGetValue(category, out var days) ? days : DefaultDays;

    /// <summary>Value equality, comparing the category overrides entry by entry.</summary>
    /// <param name="other">The other policy.</param>
    /// <returns>True when both keep the same recordings for the same time.</returns>
    public bool Equals(RetentionPolicy? other) =>
        other is not null && DefaultDays == other.DefaultDays && DaysByCategory.Count == other.DaysByCategory.Count
        && DaysByCategory.All(c => other.DaysByCategory.TryGetValue(c.Key, out var days) && days == c.Value);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(DefaultDays, DaysByCategory.Count);
}
