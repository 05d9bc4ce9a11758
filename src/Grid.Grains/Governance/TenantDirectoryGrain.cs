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

    public async Task RegisterAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        GridIds.RequireTenantId(tenantId);
        await state.UpdateAsync(directory =>
        {
            if (directory.Tenants.Contains(tenantId))
            {
                return false;
            }

            directory.Tenants.Add(tenantId);
            return true;
        });
    }

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        // Read afresh: notices and incidents go to every tenant provisioned so far, whichever activation added it.
        await state.ReadStateAsync();
        return [.. state.State.Tenants];
    }
}
