using Grid.Crypto.Custody;
using Grid.Errors;
using Grid.Keys;
using Grid.Storage;

namespace Grid.Hosting;

/// <summary>
/// Azure Key Vault / Managed HSM custody across regions: a tenant's key is created in its region's vault
/// (<c>Grid:Residency:Regions:{name}:KeyVault</c>), or in the main vault (<c>Grid:Keys:AzureKeyVault</c>) when the
/// region names none; wrap, unwrap and destroy go to the vault the key's id names, and a key of no configured vault
/// is refused before any request.
/// </summary>
public sealed class RegionalKeyVaultCustody(StorageAccounts accounts, AzureKeyVaultKeyCustody? main, IReadOnlyDictionary<string, AzureKeyVaultKeyCustody> regions) : IKeyCustody
{
    public KeyCustodyKind Kind => KeyCustodyKind.AzureKeyVault;

    public async Task<KeyReference> CreateKeyAsync(string tenantId, int version, CancellationToken cancellationToken)
    {
        var region = await accounts.RegionOfAsync(tenantId, cancellationToken);
        var vault = region is not null && regions.TryGetValue(region, out var regional) ? regional
            : main ?? throw new KeyUnavailableException($"Region '{region}' names no Key Vault (Grid:Residency:Regions:{region}:KeyVault:VaultUri) and the Grid has no main vault (Grid:Keys:AzureKeyVault:VaultUri).");
        return await vault.CreateKeyAsync(tenantId, version, cancellationToken);
    }

    public Task<WrappedKey> WrapAsync(KeyReference key, ReadOnlyMemory<byte> dataKey, ReadOnlyMemory<byte> context, CancellationToken cancellationToken) =>
        VaultOf(key).WrapAsync(key, dataKey, context, cancellationToken);

    public Task<byte[]> UnwrapAsync(WrappedKey wrapped, ReadOnlyMemory<byte> context, CancellationToken cancellationToken) =>
        VaultOf(wrapped.Key).UnwrapAsync(wrapped, context, cancellationToken);

    public Task DestroyKeyAsync(KeyReference key, CancellationToken cancellationToken) => VaultOf(key).DestroyKeyAsync(key, cancellationToken);

    private AzureKeyVaultKeyCustody VaultOf(KeyReference key) =>
        regions.Values.Prepend(main).FirstOrDefault(v => v is not null && v.Holds(key))
        ?? throw new KeyUnavailableException("The key reference does not name a key in any of this grid's Key Vaults.");
}
