namespace Grid.Governance;

/// <summary>A security incident as the processor tracks it.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Governance.IncidentInfo")]
public sealed record IncidentInfo
{
    /// <summary>The incident id.</summary>
    [Id(0)]
    public required string IncidentId { get; init; }

    /// <summary>What was declared.</summary>
    [Id(1)]
    public required IncidentDeclaration Declaration { get; init; }

    /// <summary>When it was declared.</summary>
    [Id(2)]
    public DateTimeOffset DeclaredAt { get; init; }

    /// <summary>Who declared it.</summary>
    [Id(3)]
    public string DeclaredBy { get; init; } = "";

    /// <summary>Updates, oldest first (the declaration is the first).</summary>
    [Id(4)]
    public IReadOnlyList<IncidentUpdate> Timeline { get; init => field = value?.ToList() ?? []; } = new List<IncidentUpdate>();

    /// <summary>Each affected tenant's notification and acknowledgement.</summary>
    [Id(5)]
    public IReadOnlyList<IncidentNotification> Notifications { get; init => field = value?.ToList() ?? []; } = new List<IncidentNotification>();

    /// <summary>The notification target in force when it was declared (default 24 h, never over 72 h).</summary>
    [Id(6)]
    public TimeSpan NotificationTarget { get; init; }
}
