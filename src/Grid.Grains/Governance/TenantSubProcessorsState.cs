using Grid.Governance;

namespace Grid.Grains.Governance;

/// <summary>The tenant's notices.</summary>
[GenerateSerializer, Alias("Grid.Grains.Governance.TenantSubProcessorsState")]
public sealed class TenantSubProcessorsState
{
    /// <summary>Notices received, in order.</summary>
    [Id(0)]
    public List<SubProcessorNotice> Notices { get; set; } = [];
}
