namespace Grid.Residency;

/// <summary>A tenant's residency: its region and jurisdiction, its safeguards, the guard's recent decisions.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Residency.TenantTransfers")]
public sealed record TenantTransfers
{
    /// <summary>The tenant's region.</summary>
    [Id(0)]
    public string Region { get; init; } = "";

    /// <summary>The region's jurisdiction (EEA, UK, US...).</summary>
    [Id(1)]
    public string Jurisdiction { get; init; } = "";

    /// <summary>Safeguards recorded, per destination.</summary>
    [Id(2)]
    public IReadOnlyList<TransferSafeguard> Safeguards { get; init => field = value?.ToList() ?? []; } = new List<TransferSafeguard>();

    /// <summary>The guard's decisions, newest first (the last 200).</summary>
    [Id(3)]
    public IReadOnlyList<TransferDecision> Decisions { get; init => field = value?.ToList() ?? []; } = new List<TransferDecision>();
}
