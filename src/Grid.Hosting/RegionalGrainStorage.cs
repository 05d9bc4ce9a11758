using Grid.Errors;
using Grid.Storage;
using Orleans.Storage;

namespace Grid.Hosting;

/// <summary>
/// The grains' state storage (<c>grid</c>), routed by the grain's key: state of a tenant's grains (keys
/// <c>{tenantId}</c> or <c>{tenantId}/...</c>) is kept in the tenant's region's account, the processor's own grains
/// (keys starting with <c>_</c>) in the main account. A tenant with no region (not provisioned) has no state
/// anywhere: reading finds none, writing is refused with <see cref="GridErrorCode.TenantUnknown"/>.
/// </summary>
public sealed class RegionalGrainStorage(StorageAccounts accounts, IReadOnlyDictionary<string, IGrainStorage> byAccount) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (await TargetAsync(grainId) is { } target)
        {
            await target.ReadStateAsync(stateName, grainId, grainState);
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var target = await TargetAsync(grainId)
            ?? throw new TenantUnavailableException(GridErrorCode.TenantUnknown, "The tenant is not provisioned: it has no region, and nothing is stored for it.");
        await target.WriteStateAsync(stateName, grainId, grainState);
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (await TargetAsync(grainId) is { } target)
        {
            await target.ClearStateAsync(stateName, grainId, grainState);
        }
    }

    /// <summary>The account's storage for the grain; null for a tenant with no region.</summary>
    private async ValueTask<IGrainStorage?> TargetAsync(GrainId grainId)
    {
        if (accounts.Accounts.Count == 1)
        {
            return byAccount[accounts.Cluster.Endpoint.AbsoluteUri];
        }

        var key = grainId.Key.ToString();
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var scope = slash < 0 ? key : key[..slash];
        if (scope.StartsWith('_'))
        {
            return byAccount[accounts.Cluster.Endpoint.AbsoluteUri];
        }

        if (!GridIds.IsValidTenantId(scope))
        {
            throw new InvalidOperationException($"Grain {grainId.Type} has a key that names neither a tenant nor the processor; its state has no region.");
        }

        return await accounts.RegionOfAsync(scope) is { } region ? byAccount[accounts.ForRegion(region).Endpoint.AbsoluteUri] : null;
    }
}
