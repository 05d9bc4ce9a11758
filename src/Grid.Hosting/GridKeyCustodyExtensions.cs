using Grid.Crypto.Custody;
using Grid.Grains.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Grid.Hosting;

/// <summary>Key custody: the software store (development), a PKCS#11 HSM, Azure Key Vault / Managed HSM.</summary>
public static class GridKeyCustodyExtensions
{
    /// <summary>Registers every custody the settings enable; tenants choose theirs at provisioning.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="keys">The key settings.</param>
    /// <param name="residency">The regions, some with their own Key Vault (<see cref="RegionalKeyVaultCustody"/>).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddGridKeyCustody(this IServiceCollection services, GridKeyOptions keys, Grid.Grains.Residency.ResidencyOptions residency)
    {
        services.AddSingleton(Options.Create(new SoftwareKeyCustodyOptions { RootPath = keys.RootPath }));
        services.AddSingleton(Options.Create(keys.Pkcs11));
        services.AddSingleton<IKeyCustody, SoftwareKeyCustody>();
        if (!string.IsNullOrEmpty(keys.Pkcs11.LibraryPath))
        {
            services.AddSingleton<Pkcs11KeyCustody>();
            services.AddSingleton<IKeyCustody>(sp => sp.GetRequiredService<Pkcs11KeyCustody>());
        }

        var regionVaults = residency.Effective.Where(r => r.Value.KeyVault?.VaultUri is not null).ToList();
        if (keys.AzureKeyVault.VaultUri is not null || regionVaults.Count > 0)
        {
            services.AddSingleton<IKeyCustody>(sp =>
            {
                var credential = new Azure.Identity.DefaultAzureCredential();
                var main = keys.AzureKeyVault.VaultUri is null ? null : new AzureKeyVaultKeyCustody(Options.Create(keys.AzureKeyVault), credential);
                var regions = regionVaults.ToDictionary(r => r.Key, r => new AzureKeyVaultKeyCustody(Options.Create(r.Value.KeyVault!), credential), StringComparer.Ordinal);
                return new RegionalKeyVaultCustody(sp.GetRequiredService<Grid.Storage.StorageAccounts>(), main, regions);
            });
        }

        services.AddSingleton<KeyCustodyRegistry>();
        return services;
    }
}
