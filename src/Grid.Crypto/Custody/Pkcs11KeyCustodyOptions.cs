namespace Grid.Crypto.Custody;

/// <summary>A PKCS#11 HSM holding tenants' key-encryption keys (configuration section <c>Grid:Keys:Pkcs11</c>).</summary>
public sealed class Pkcs11KeyCustodyOptions
{
    /// <summary>The vendor's PKCS#11 library, e.g. <c>/usr/lib/softhsm/libsofthsm2.so</c>. Unset: custody disabled.</summary>
    public string? LibraryPath { get; set; }

    /// <summary>Label of the token that holds the keys.</summary>
    public string TokenLabel { get; set; } = "grid";

    /// <summary>The token's user PIN (from a secret store in production, never from a file in the repository).</summary>
    public string? UserPin { get; set; }

    /// <summary>
    /// SoftHSM only: the <c>softhsm2.conf</c> this process should use (sets <c>SOFTHSM2_CONF</c> before the library
    /// loads). Leave unset for a hardware HSM.
    /// </summary>
    public string? SoftHsmConfigurationFile { get; set; }
}
