using Grid.Crypto.Custody;

namespace Grid.Hosting;

/// <summary>Key custody providers of the silo (configuration section <c>Grid:Keys</c>).</summary>
public sealed class GridKeyOptions
{
    public const string SectionName = "Grid:Keys";

    /// <summary>Software key store folder (local development only; always available).</summary>
    public string RootPath { get; set; } = Path.Combine(".grid", "keys");

    /// <summary>PKCS#11 HSM; enabled when <see cref="Pkcs11KeyCustodyOptions.LibraryPath"/> is set.</summary>
    public Pkcs11KeyCustodyOptions Pkcs11 { get; set; } = new();

    /// <summary>Azure Key Vault / Managed HSM; enabled when <see cref="AzureKeyVaultKeyCustodyOptions.VaultUri"/> is set.</summary>
    public AzureKeyVaultKeyCustodyOptions AzureKeyVault { get; set; } = new();
}
