namespace Grid.Governance;

/// <summary>A sub-processor as the registry lists it. No personal data: names of companies, countries, categories.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Governance.SubProcessor")]
public sealed record SubProcessor
{
    /// <summary>Stable id (1-128 characters like a call id), e.g. <c>azure-storage-weu</c>.</summary>
    [Id(0)]
    public required string Id { get; init; }

    /// <summary>The company and service (1-200 characters).</summary>
    [Id(1)]
    public required string Name { get; init; }

    /// <summary>What it does with the tenants' data (1-500 characters).</summary>
    [Id(2)]
    public required string Purpose { get; init; }

    /// <summary>Where it processes: ISO 3166-1 alpha-2 country code (two upper-case letters).</summary>
    [Id(3)]
    public required string Country { get; init; }

    /// <summary>Categories of data it processes (at least one), e.g. <c>encrypted recordings</c>.</summary>
    [Id(4)]
    public IReadOnlyList<string> DataCategories { get; init => field = value?.ToList() ?? []; } = new List<string>();

    /// <summary>The transfer safeguard when it processes outside the EEA/UK (adequacy, SCCs 2021/914, BCRs), or null.</summary>
    [Id(5)]
    public string? TransferSafeguard { get; init; }

    /// <summary>What it does for the Grid.</summary>
    [Id(6)]
    public SubProcessorService Service { get; init; }

    /// <summary>True when the Grid can keep an objecting tenant away from it (storage, key custody).</summary>
    public bool IsRoutable => Service is SubProcessorService.Storage or SubProcessorService.KeyCustody;
}
