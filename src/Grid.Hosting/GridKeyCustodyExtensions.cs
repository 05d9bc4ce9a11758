using Azure.Core.Pipeline;
using Grid.Crypto.Custody;
using Grid.Grains.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Grid.Hosting;

/// <summary>Key custody: the software store (development), a PKCS#11 HSM, Azure Key Vault / Managed HSM.</summary>
public static class GridKeyCustodyExtensions
{
    /// <summary>The HTTP client (from the factory, with the standard resilience handler) Key Vault requests go through.</summary>
    public const string KeyVaultHttpClient = "grid-keyvault";

    /// <summary>Registers every custody the settings enable; tenants choose theirs at provisioning.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="keys">The key settings (which custodies are enabled).</param>
    /// <param name="residency">The regions, some with their own Key Vault (<see cref="RegionalKeyVaultCustody"/>).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddGridKeyCustody(this IServiceCollection services, GridKeyOptions keys, Grid.Grains.Residency.ResidencyOptions residency)
    {
        services.AddSoftwareKeyCustody();
        if (!string.IsNullOrEmpty(keys.Pkcs11.LibraryPath))
        {
            services.AddOptions<Pkcs11KeyCustodyOptions>().BindConfiguration(GridKeyOptions.SectionName + ":Pkcs11").ValidateDataAnnotations().ValidateOnStart();
            services.AddSingleton<Pkcs11KeyCustody>();
            services.AddSingleton<IKeyCustody>(sp => sp.GetRequiredService<Pkcs11KeyCustody>());
        }

        var regionVaults = residency.Effective.Where(r => r.Value.KeyVault?.VaultUri is not null).Select(r => r.Key).ToList();
        if (keys.AzureKeyVault.VaultUri is not null || regionVaults.Count > 0)
        {
            services.AddHttpClient(KeyVaultHttpClient).AddStandardResilienceHandler();
            const string Main = "main";
            services.AddOptions<AzureKeyVaultKeyCustodyOptions>(Main).BindConfiguration(GridKeyOptions.SectionName + ":AzureKeyVault").ValidateDataAnnotations().ValidateOnStart();
            foreach (var region in regionVaults)
            {
                services.AddOptions<AzureKeyVaultKeyCustodyOptions>(region).BindConfiguration($"Grid:Residency:Regions:{region}:KeyVault").ValidateDataAnnotations().ValidateOnStart();
            }

            services.AddSingleton<IKeyCustody>(sp =>
            {
                var credential = new Azure.Identity.DefaultAzureCredential();
                var vaults = sp.GetRequiredService<IOptionsMonitor<AzureKeyVaultKeyCustodyOptions>>();
                var http = sp.GetRequiredService<IHttpClientFactory>();
                AzureKeyVaultKeyCustody Vault(string name) => new(vaults.Get(name), credential, new HttpClientTransport(http.CreateClient(KeyVaultHttpClient)));
                var main = keys.AzureKeyVault.VaultUri is null ? null : Vault(Main);
                return new RegionalKeyVaultCustody(sp.GetRequiredService<Grid.Storage.StorageAccounts>(), main, regionVaults.ToDictionary(r => r, Vault, StringComparer.Ordinal));
            });
        }

        services.AddSingleton<KeyCustodyRegistry>();
        return services;
    }
}
