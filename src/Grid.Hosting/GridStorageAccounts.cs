using Grid.Storage;

namespace Grid.Hosting;

/// <summary>Builds the Grid's storage accounts (main and per region) from its settings, checking residency.</summary>
public static class GridStorageAccounts
{
    /// <summary>
    /// The main account (<c>Grid:Storage</c>) and each region's (<c>Grid:Residency:Regions:{name}:Storage</c>). A
    /// region that names no account uses the main one, which is allowed when there is only one region to store
    /// (one configured region, or the local development defaults). Two or more configured regions must each name
    /// their account, and regions of different jurisdictions may never share one: either stops the silo naming
    /// the setting.
    /// </summary>
    public static StorageAccounts Create(GridSiloOptions options)
    {
        var residency = options.Residency;
        residency.Validate();
        if (residency.Regions.Count == 0 && !options.Storage.IsLocalEmulator)
        {
            throw new InvalidOperationException(
                "Grid:Residency:Regions is required outside local development: name each region tenants may live in, with its Jurisdiction (and its Storage when there is more than one).");
        }

        var cluster = GridStorageClients.Create(options.Storage);
        var regions = new Dictionary<string, GridStorageClients>(StringComparer.Ordinal);
        foreach (var (name, region) in residency.Effective)
        {
            var section = $"Grid:Residency:Regions:{name}:Storage";
            if (region.Storage is { IsSet: true } account)
            {
                regions[name] = GridStorageClients.Create(account, options.Storage, section: section);
            }
            else if (residency.Regions.Count > 1)
            {
                throw new InvalidOperationException(
                    $"{section} is required: with more than one region configured, each names its storage account (ConnectionString, or BlobServiceUri with TableServiceUri and QueueServiceUri), so that a tenant's data stays in its region.");
            }
            else
            {
                regions[name] = cluster;
            }
        }

        if (residency.Regions.Count > 0)
        {
            foreach (var shared in regions.GroupBy(r => r.Value.Endpoint.AbsoluteUri))
            {
                var jurisdictions = shared.Select(r => residency.Effective[r.Key].Jurisdiction).Distinct(StringComparer.Ordinal).ToList();
                if (jurisdictions.Count > 1)
                {
                    throw new InvalidOperationException(
                        $"Grid:Residency:Regions: {string.Join(" and ", shared.Select(r => r.Key))} share the storage account {shared.Key} across jurisdictions ({string.Join(", ", jurisdictions)}); give each jurisdiction's regions their own account in Grid:Residency:Regions:{{name}}:Storage.");
                }
            }
        }

        return new StorageAccounts(cluster, regions);
    }
}
