using Azure.Core.Pipeline;
using Grid.Crypto.Custody;
using Grid.Errors;
using Grid.Hosting;
using Grid.Keys;
using Grid.Storage;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Custody;

/// <summary>
/// Key custody per region: a tenant's key is created in its region's vault (or the main one when the region names
/// none), every later request goes to the vault the key id names, and a key of an unknown vault is refused before
/// any request. The tenant-to-region directory is the real table in Azurite.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class RegionalKeyVaultCustodyTests(GridFixture fixture)
{
    private const string MainHost = "fake-grid-main.vault.azure.net";
    private const string UkHost = "fake-grid-uk.vault.azure.net";
    private readonly FakeKeyVault mainVault = new();
    private readonly FakeKeyVault ukVault = new();

    private static AzureKeyVaultKeyCustody Vault(string host, FakeKeyVault fake) => new(
        new AzureKeyVaultKeyCustodyOptions { VaultUri = new Uri($"https://{host}/") },
        new FakeKeyVault.StaticCredential(),
        new HttpClientTransport(new HttpClient(fake)));

    [Fact]
    public async Task Keys_are_created_in_the_tenants_region_vault_and_used_only_there()
    {
        var clients = GridStorageClients.Create(new GridStorageOptions { ConnectionString = fixture.ConnectionString });
        var accounts = new StorageAccounts(clients, new Dictionary<string, GridStorageClients> { ["eu-west"] = clients, ["uk-south"] = clients });
        var (ukTenant, euTenant) = (TestTenants.NewTenantId(), TestTenants.NewTenantId());
        await accounts.BindAsync(ukTenant, "uk-south");
        await accounts.BindAsync(euTenant, "eu-west");
        var custody = new RegionalKeyVaultCustody(accounts, Vault(MainHost, mainVault), new Dictionary<string, AzureKeyVaultKeyCustody> { ["uk-south"] = Vault(UkHost, ukVault) });
        var dataKey = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        var ukKey = await custody.CreateKeyAsync(ukTenant, 1, CancellationToken.None);
        var euKey = await custody.CreateKeyAsync(euTenant, 1, CancellationToken.None);
        var unwrapped = await custody.UnwrapAsync(await custody.WrapAsync(ukKey, dataKey, "ctx"u8.ToArray(), CancellationToken.None), "ctx"u8.ToArray(), CancellationToken.None);
        var elsewhere = ukKey with { KeyId = ukKey.KeyId.Replace(UkHost, "fake-grid-us.vault.azure.net", StringComparison.Ordinal) };
        var requestsBefore = mainVault.Requests.Count + ukVault.Requests.Count;
        var refused = await Assert.ThrowsAsync<KeyUnavailableException>(() => custody.WrapAsync(elsewhere, dataKey, "ctx"u8.ToArray(), CancellationToken.None));

        Assert.StartsWith($"https://{UkHost}/keys/grid-{ukTenant}/", ukKey.KeyId, StringComparison.Ordinal);
        Assert.StartsWith($"https://{MainHost}/keys/grid-{euTenant}/", euKey.KeyId, StringComparison.Ordinal);
        Assert.Equal(dataKey, unwrapped);
        Assert.Equal(["create", "wrapkey", "unwrapkey"], ukVault.Requests.Select(r => r.PathAndQuery.Split('?')[0].Split('/')[^1]));
        Assert.Equal([$"/keys/grid-{euTenant}/create?api-version=7.4"], mainVault.Requests.Select(r => r.PathAndQuery));
        Assert.Equal(requestsBefore, mainVault.Requests.Count + ukVault.Requests.Count);
        Assert.Equal(KeyCustodyKind.AzureKeyVault, custody.Kind);
        Assert.Contains("any of this grid's Key Vaults", refused.Message, StringComparison.Ordinal);
    }
}
