using System.Security.Cryptography;
using System.Text;
using Grid.Retention;
using Microsoft.Extensions.Options;

namespace Grid.Crypto.Signing;

/// <summary>Signs deletion certificates with the processor's ECDSA P-256 key (ES256, IEEE P1363 signatures).</summary>
public sealed class ProcessorSigningKey : IDisposable
{
    private readonly ECDsa key;

    public ProcessorSigningKey(IOptions<ProcessorSigningKeyOptions> options)
    {
        var path = Path.GetFullPath(options.Value.KeyPath);
        key = ECDsa.Create();
        if (File.Exists(path))
        {
            key.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            key.GenerateKey(ECCurve.NamedCurves.nistP256);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var writer = new StreamWriter(new FileStream(path, fileOptions));
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        }

        if (key.KeySize != 256)
        {
            throw new InvalidOperationException("The processor signing key must be ECDSA P-256.");
        }

        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
        KeyId = KeyIdOf(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>The public key to publish to customers (SubjectPublicKeyInfo PEM).</summary>
    public string PublicKeyPem { get; }

    /// <summary>Hex SHA-256 of the SubjectPublicKeyInfo.</summary>
    public string KeyId { get; }

    public DeletionCertificate Sign(string body) => new()
    {
        Body = body,
        Signature = SignBody(body),
        KeyId = KeyId,
    };

    /// <summary>ES256 signature (IEEE P1363, base64) of the UTF-8 <paramref name="body"/>.</summary>
    public string SignBody(string body) =>
        Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(body), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    /// <summary>True when <paramref name="signature"/> over <paramref name="body"/> verifies under the key <paramref name="keyId"/> whose public half is <paramref name="publicKeyPem"/>.</summary>
    public static bool VerifyBody(string body, string signature, string keyId, string publicKeyPem)
    {
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(publicKeyPem);
        if (keyId != KeyIdOf(publicKey.ExportSubjectPublicKeyInfo()))
        {
            return false;
        }

        try
        {
            return publicKey.VerifyData(Encoding.UTF8.GetBytes(body), Convert.FromBase64String(signature), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="certificate"/> was signed by the key whose public half is <paramref name="publicKeyPem"/> and is unaltered.</summary>
    public static bool Verify(DeletionCertificate certificate, string publicKeyPem) =>
        certificate.Algorithm == "ES256" && VerifyBody(certificate.Body, certificate.Signature, certificate.KeyId, publicKeyPem);

    public void Dispose() => key.Dispose();

    private static string KeyIdOf(byte[] subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));
}
