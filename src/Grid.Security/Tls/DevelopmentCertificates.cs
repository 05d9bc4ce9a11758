using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Grid.Security.Tls;

/// <summary>
/// The local default's certificates: a development CA and a silo and a client certificate issued by it, created
/// under a folder on first start (ECDSA P-256, valid for two years). Never used when certificates are configured.
/// </summary>
public static class DevelopmentCertificates
{
    public const string AuthorityFile = "ca.pem";
    public const string SiloFile = "silo.pem";
    public const string ClientFile = "client.pem";

    /// <summary>Creates the folder's CA, silo and client certificates unless they exist; returns the folder.</summary>
    public static string EnsureCreated(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (File.Exists(Path.Combine(full, AuthorityFile)) && File.Exists(Path.Combine(full, ClientFile)))
        {
            return full;
        }

        Directory.CreateDirectory(full);
        using var authority = CreateAuthority("Recording Grid development CA");
        Save(authority, full, AuthorityFile, withKey: true);
        using var silo = Issue(authority, GridCertificates.SiloHostName, silo: true);
        Save(silo, full, SiloFile, withKey: true);
        using var client = Issue(authority, "grid-client", silo: false);
        Save(client, full, ClientFile, withKey: true);
        return full;
    }

    /// <summary>The options a silo (or a client) of the local default uses: the folder's CA and certificate.</summary>
    public static GridTlsOptions Options(string folder, bool silo)
    {
        var full = EnsureCreated(folder);
        var file = silo ? SiloFile : ClientFile;
        return new GridTlsOptions
        {
            CaCertificatePath = Path.Combine(full, AuthorityFile),
            CertificatePath = Path.Combine(full, file),
            PrivateKeyPath = Path.Combine(full, KeyFileOf(file)),
            DevelopmentFolder = full,
        };
    }

    /// <summary>A self-signed CA certificate with its key.</summary>
    public static X509Certificate2 CreateAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(5));
    }

    /// <summary>A leaf certificate issued by <paramref name="authority"/>: a silo's (server and client usage) or a client's.</summary>
    public static X509Certificate2 Issue(X509Certificate2 authority, string name, bool silo)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usages = new OidCollection { new Oid(GridCertificates.ClientAuth) };
        if (silo)
        {
            usages.Add(new Oid(GridCertificates.ServerAuth));
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(GridCertificates.SiloHostName);
            request.CertificateExtensions.Add(names.Build());
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(2), serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Writes a certificate (PEM) and, when asked, its private key (owner-only PEM) beside it.</summary>
    public static void Save(X509Certificate2 certificate, string folder, string file, bool withKey)
    {
        File.WriteAllText(Path.Combine(folder, file), certificate.ExportCertificatePem());
        if (withKey && certificate.GetECDsaPrivateKey() is { } key)
        {
            using (key)
            {
                var keyPath = Path.Combine(folder, KeyFileOf(file));
                File.Delete(keyPath);
                SecretFile.WriteNew(keyPath, key.ExportPkcs8PrivateKeyPem());
            }
        }
    }

    /// <summary>The key file beside a certificate file: <c>x.pem</c> → <c>x.key.pem</c>.</summary>
    public static string KeyFileOf(string certificateFile) => Path.ChangeExtension(certificateFile, null) + ".key.pem";
}
