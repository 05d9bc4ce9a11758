namespace Grid.Crypto.Custody;

/// <summary>Azure Key Vault or Managed HSM holding tenants' KEKs (configuration section <c>Grid:Keys:AzureKeyVault</c>).</summary>
public sealed class AzureKeyVaultKeyCustodyOptions
{
    /// <summary>The vault, e.g. <c>https://contoso-grid.vault.azure.net</c> or <c>https://contoso.managedhsm.azure.net</c>. Unset: custody disabled.</summary>
    public Uri? VaultUri { get; set; }

    /// <summary>True for a Managed HSM (AES-256 <c>oct-HSM</c> keys, <c>A256KW</c>); false for a vault (<c>RSA-HSM</c> 3072-bit keys, <c>RSA-OAEP-256</c>).</summary>
    public bool ManagedHsm { get; set; }

    /// <summary>Prefix of key names; a tenant's key is <c>{prefix}{tenantId}</c>.</summary>
    public string KeyNamePrefix { get; set; } = "grid-";

    /// <summary>REST API version.</summary>
    public string ApiVersion { get; set; } = "7.4";
}
