namespace Grid.Governance;

/// <summary>What an operator declares. Text fields describe systems and measures, never a person.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Governance.IncidentDeclaration")]
public sealed record IncidentDeclaration
{
    /// <summary>How serious it is.</summary>
    [Id(0)]
    public IncidentSeverity Severity { get; init; }

    /// <summary>The tenants affected (at least one).</summary>
    [Id(1)]
    public IReadOnlyList<string> AffectedTenants { get; init => field = value?.ToList() ?? []; } = new List<string>();

    /// <summary>Categories of data concerned (at least one), e.g. <c>call metadata</c>.</summary>
    [Id(2)]
    public IReadOnlyList<string> DataCategories { get; init => field = value?.ToList() ?? []; } = new List<string>();

    /// <summary>What happened (1-4000 characters).</summary>
    [Id(3)]
    public required string WhatHappened { get; init; }

    /// <summary>Measures taken or proposed (1-4000 characters).</summary>
    [Id(4)]
    public required string MeasuresTaken { get; init; }

    /// <summary>When the processor became aware of it (not in the future); notification delays are measured from here.</summary>
    [Id(5)]
    public DateTimeOffset DetectedAt { get; init; }
}
