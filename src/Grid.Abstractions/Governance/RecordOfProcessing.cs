using Grid.Retention;

namespace Grid.Governance;

/// <summary>
/// The record of processing for one tenant (GDPR Art. 30(2)) and the input to its DPIA, generated from live
/// configuration at the moment asked. Holds no personal data about the people recorded.
/// </summary>
[GenerateSerializer, Immutable, Alias("Grid.Governance.RecordOfProcessing")]
public sealed record RecordOfProcessing
{
    /// <summary>The tenant (the controller's account).</summary>
    [Id(0)]
    public required string TenantId { get; init; }

    /// <summary>When this record was generated.</summary>
    [Id(1)]
    public DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The controller's name as provisioned.</summary>
    [Id(2)]
    public string Controller { get; init; } = "";

    /// <summary>The processor and its contact points.</summary>
    [Id(3)]
    public IReadOnlyDictionary<string, string> Contacts { get; init; } = new Dictionary<string, string>();

    /// <summary>Purposes of the processing.</summary>
    [Id(4)]
    public IReadOnlyList<string> Purposes { get; init; } = [];

    /// <summary>Categories of data processed.</summary>
    [Id(5)]
    public IReadOnlyList<string> DataCategories { get; init; } = [];

    /// <summary>Categories of data subjects.</summary>
    [Id(6)]
    public IReadOnlyList<string> DataSubjectCategories { get; init; } = [];

    /// <summary>The tenant's residency region.</summary>
    [Id(7)]
    public string ResidencyRegion { get; init; } = "";

    /// <summary>The retention policy in force.</summary>
    [Id(8)]
    public RetentionPolicy? Retention { get; init; }

    /// <summary>Legal holds in force (count; their cases are the tenant's).</summary>
    [Id(9)]
    public int ActiveHolds { get; init; }

    /// <summary>Sub-processors processing the tenant's data now.</summary>
    [Id(10)]
    public IReadOnlyList<SubProcessor> SubProcessors { get; init; } = [];

    /// <summary>Sub-processors the tenant is routed around after objecting.</summary>
    [Id(11)]
    public IReadOnlyList<SubProcessor> RoutedAround { get; init; } = [];

    /// <summary>Security measures in force (key custody, algorithms, transport, replica, audit).</summary>
    [Id(12)]
    public IReadOnlyDictionary<string, string> SecurityMeasures { get; init; } = new Dictionary<string, string>();

    /// <summary>Transfers outside the region and their safeguards.</summary>
    [Id(13)]
    public IReadOnlyList<string> Transfers { get; init; } = [];

    /// <summary>Risks and the measures in force against them.</summary>
    [Id(14)]
    public IReadOnlyList<DpiaRisk> Risks { get; init; } = [];

    /// <summary>Security incidents that affected the tenant (count, and how many were notified within target).</summary>
    [Id(15)]
    public string Incidents { get; init; } = "";
}
