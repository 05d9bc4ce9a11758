namespace Grid.Grains.Governance;

/// <summary>The directory's persisted state.</summary>
[GenerateSerializer, Alias("Grid.Grains.Governance.TenantDirectoryState")]
public sealed class TenantDirectoryState
{
    /// <summary>Provisioned tenants, in provisioning order.</summary>
    [Id(0)]
    public List<string> Tenants { get; set; } = [];
}
