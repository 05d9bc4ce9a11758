namespace Grid.Governance;

/// <summary>How and when one affected tenant was told.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Governance.IncidentNotification")]
public sealed record IncidentNotification
{
    /// <summary>The tenant.</summary>
    [Id(0)]
    public required string TenantId { get; init; }

    /// <summary>When it was notified.</summary>
    [Id(1)]
    public DateTimeOffset NotifiedAt { get; init; }

    /// <summary>From detection to notification.</summary>
    [Id(2)]
    public TimeSpan Delay { get; init; }

    /// <summary>True when <see cref="Delay"/> is within the configured target.</summary>
    [Id(3)]
    public bool WithinTarget { get; init; }

    /// <summary>When the tenant acknowledged, or null.</summary>
    [Id(4)]
    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>Who acknowledged.</summary>
    [Id(5)]
    public string? AcknowledgedBy { get; init; }

    /// <summary>How many times the escalation reminder notified it again.</summary>
    [Id(6)]
    public int Escalations { get; init; }
}
