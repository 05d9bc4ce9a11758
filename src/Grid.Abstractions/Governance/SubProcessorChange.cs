namespace Grid.Governance;

/// <summary>An announced sub-processor change with its dates.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Governance.SubProcessorChange")]
public sealed record SubProcessorChange
{
    /// <summary>The change id.</summary>
    [Id(0)]
    public required string ChangeId { get; init; }

    /// <summary>What was announced.</summary>
    [Id(1)]
    public required SubProcessorChangeSpec Spec { get; init; }

    /// <summary>When it was announced (every tenant is notified then).</summary>
    [Id(2)]
    public DateTimeOffset AnnouncedAt { get; init; }

    /// <summary>The last moment a tenant may object: 30 days after the notice.</summary>
    [Id(3)]
    public DateTimeOffset ObjectionDeadline { get; init; }

    /// <summary>Who announced it (verified subject).</summary>
    [Id(4)]
    public string AnnouncedBy { get; init; } = "";

    /// <summary>When the registry applied it (its effective-date reminder fired), or null while pending.</summary>
    [Id(5)]
    public DateTimeOffset? AppliedAt { get; init; }
}
