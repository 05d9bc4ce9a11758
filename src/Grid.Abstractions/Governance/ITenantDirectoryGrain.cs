using Grid.Security;

namespace Grid.Governance;

/// <summary>The processor's list of provisioned tenants (key <see cref="ProcessorScope.Key"/>): whom a notice goes to.</summary>
[Alias("Grid.Governance.ITenantDirectoryGrain")]
public interface ITenantDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Adds a tenant (its tenant grain calls this when it is provisioned); repeating is harmless.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>A task.</returns>
    [Alias("Register")]
    [InternalOnly]
    Task RegisterAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>Every provisioned tenant id, in the order they were provisioned.</summary>
    /// <returns>The tenant ids.</returns>
    [Alias("List")]
    [GridAccess(GridRoles.Operator)]
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default);
}
