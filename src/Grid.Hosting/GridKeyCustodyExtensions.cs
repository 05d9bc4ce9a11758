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
    /// <returns>The services.</returns>
    public static IServiceCollection AddGridKeyCustody(this IServiceCollection services, GridKeyOptions keys)
    {
        services.AddSingleton(Options.Create(new SoftwareKeyCustodyOptions { RootPath = keys.RootPath }));
        services.AddSingleton(Options.Create(keys.Pkcs11));
        services.AddSingleton<IKeyCustody, SoftwareKeyCustody>();
        if (!string.IsNullOrEmpty(keys.Pkcs11.LibraryPath))
        {
            services.AddSingleton<Pkcs11KeyCustody>();
            services.AddSingleton<IKeyCustody>(sp => sp.GetRequiredService<Pkcs11KeyCustody>());
        }

        if (keys.AzureKeyVault.VaultUri is not null)
        {
            services.AddSingleton<IKeyCustody>(_ => new AzureKeyVaultKeyCustody(Options.Create(keys.AzureKeyVault), new Azure.Identity.DefaultAzureCredential()));
        }

        services.AddSingleton<KeyCustodyRegistry>();
        return services;
    }
}
