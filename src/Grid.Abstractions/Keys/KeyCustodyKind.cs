namespace Grid.Keys;

/// <summary>Where a tenant's key-encryption key (KEK) lives.</summary>
public enum KeyCustodyKind
{
    /// <summary>
    /// Software key store on the silo's file system, outside the storage account that holds recordings.
    /// The zero-setup local default. Not for production.
    /// </summary>
    Software = 0,

    /// <summary>A hardware security module through PKCS#11.</summary>
    Pkcs11 = 1,

    /// <summary>Azure Key Vault or Managed HSM over its REST API.</summary>
    AzureKeyVault = 2,
}
