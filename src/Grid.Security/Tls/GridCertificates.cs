using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Grid.Security.Tls;

/// <summary>
/// The Grid's certificates: loading them, telling a silo's from a client's, and the chain check against the Grid's
/// own CA (Orleans hands the decision to the validation callback, so the chain is built here with the CA as the only
/// trust anchor).
/// </summary>
public static class GridCertificates
{
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    /// <summary>The name silos present (and clients ask for).</summary>
    public const string SiloHostName = "grid-silo";

    /// <summary>Loads a certificate and its private key from PEM files.</summary>
    public static X509Certificate2 LoadWithKey(string certificatePath, string keyPath) =>
        X509Certificate2.CreateFromPemFile(Path.GetFullPath(certificatePath), Path.GetFullPath(keyPath));

    /// <summary>Loads a CA certificate from a PEM file.</summary>
    public static X509Certificate2 LoadAuthority(string path) => X509Certificate2.CreateFromPem(File.ReadAllText(Path.GetFullPath(path)));

    /// <summary>True when <paramref name="certificate"/> chains to <paramref name="authority"/> and is valid now.</summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        return chain.Build(certificate)
            && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span);
    }

    /// <summary>True for a silo certificate: it may serve (serverAuth) and connect (clientAuth).</summary>
    public static bool IsSilo(X509Certificate2 certificate) => HasUsage(certificate, ServerAuth) && HasUsage(certificate, ClientAuth);

    /// <summary>True for a certificate that may connect as a client.</summary>
    public static bool IsClient(X509Certificate2 certificate) => HasUsage(certificate, ClientAuth);

    private static bool HasUsage(X509Certificate2 certificate, string oid) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages.Cast<Oid>().Any(u => u.Value == oid));
}
