namespace Grid.Crypto.Signing;

/// <summary>The processor's certificate-signing key (configuration section <c>Grid:Signing</c>).</summary>
public sealed class ProcessorSigningKeyOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Grid:Signing";

    /// <summary>
    /// PKCS#8 PEM of an ECDSA P-256 private key. Created on first use when missing (local development); in
    /// production, provision it from a secret store and publish its public key to customers.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Required(AllowEmptyStrings = false, ErrorMessage = "Grid:Signing:KeyPath names the processor's signing key file.")]
    public string KeyPath { get; set; } = Path.Combine(".grid", "signing", "processor-ecdsa-p256.pem");
}
