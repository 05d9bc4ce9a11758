using Grid.Residency;

namespace Grid.Grains.Residency;

/// <summary>A tenant's safeguards and the guard's recent decisions.</summary>
[GenerateSerializer, Alias("Grid.Grains.Residency.TenantTransfersState")]
public sealed class TenantTransfersState
{
    /// <summary>One safeguard per destination.</summary>
    [Id(0)]
    public List<TransferSafeguard> Safeguards { get; set; } = [];

    /// <summary>The last decisions, oldest first.</summary>
    [Id(1)]
    public List<TransferDecision> Decisions { get; set; } = [];
}
