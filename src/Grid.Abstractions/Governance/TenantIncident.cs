namespace Grid.Governance;

/// <summary>A security incident as an affected tenant sees it (its own notification only, never other tenants).</summary>
[GenerateSerializer, Immutable, Alias("Grid.Governance.TenantIncident")]
public sealed record TenantIncident
{
    /// <summary>The incident id.</summary>
    [Id(0)]
    public required string IncidentId { get; init; }

    /// <summary>Severity.</summary>
    [Id(1)]
    public IncidentSeverity Severity { get; init; }

    /// <summary>Categories of data concerned.</summary>
    [Id(2)]
    public IReadOnlyList<string> DataCategories { get; init => field = value?.ToList() ?? []; } = new List<string>();

    /// <summary>What happened.</summary>
    [Id(3)]
    public string WhatHappened { get; init; } = "";

    /// <summary>Measures taken.</summary>
    [Id(4)]
    public string MeasuresTaken { get; init; } = "";

    /// <summary>When the processor detected it.</summary>
    [Id(5)]
    public DateTimeOffset DetectedAt { get; init; }

    /// <summary>The updates so far.</summary>
    [Id(6)]
    public IReadOnlyList<IncidentUpdate> Timeline { get; init => field = value?.ToList() ?? []; } = new List<IncidentUpdate>();

    /// <summary>This tenant's notification and acknowledgement.</summary>
    [Id(7)]
    public required IncidentNotification Notification { get; init; }
}
