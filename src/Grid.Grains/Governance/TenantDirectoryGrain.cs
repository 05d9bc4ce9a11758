using Grid.Errors;
using Grid.Governance;

namespace Grid.Grains.Governance;

/// <summary>The processor's tenant directory (<see cref="ITenantDirectoryGrain"/>).</summary>
public sealed class TenantDirectoryGrain(
    [PersistentState("tenant-directory", GridGrainStorage.Name)] IPersistentState<TenantDirectoryState> state) : Grain, ITenantDirectoryGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        this.GetPrimaryKeyString() == ProcessorScope.Key
            ? base.OnActivateAsync(cancellationToken)
            : throw new GridValidationException($"The tenant directory's key is '{ProcessorScope.Key}'.");

    public async Task RegisterAsync(string tenantId)
    {
        GridIds.RequireTenantId(tenantId);
        if (!state.State.Tenants.Contains(tenantId))
        {
            state.State.Tenants.Add(tenantId);
            await state.WriteOrThrowAsync();
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Tenants]);
}

/// <summary>The directory's persisted state.</summary>
[GenerateSerializer, Alias("Grid.Grains.Governance.TenantDirectoryState")]
public sealed class TenantDirectoryState
{
    /// <summary>Provisioned tenants, in provisioning order.</summary>
    [Id(0)]
    public List<string> Tenants { get; set; } = [];
}
