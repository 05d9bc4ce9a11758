using System.Security.Cryptography;
using System.Text;
using Grid.Retention;
using Grid.Security.Tokens;
using Microsoft.Extensions.Options;

namespace Grid.Crypto.Signing;

/// <summary>Signs deletion certificates with the processor's ECDSA P-256 key (ES256, IEEE P1363 signatures).</summary>
public sealed class ProcessorSigningKey : IDisposable
{
    private readonly ECDsa key;

    /// <summary>The signing key of a host (its settings from <c>Grid:Signing</c>).</summary>
    public ProcessorSigningKey(IOptions<ProcessorSigningKeyOptions> options)
        : this(options.Value)
    {
    }

    /// <summary>The signing key of a command-line tool, with the settings it read.</summary>
    public ProcessorSigningKey(ProcessorSigningKeyOptions settings)
    {
        key = EcKeyFile.LoadOrCreatePrivate(settings.KeyPath);
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
        KeyId = EcKeyFile.KeyIdOf(key);
    }

    /// <summary>The public key to publish to customers (SubjectPublicKeyInfo PEM).</summary>
    public string PublicKeyPem { get; }

    /// <summary>Hex SHA-256 of the SubjectPublicKeyInfo (<see cref="EcKeyFile.KeyIdOf(ECDsa)"/>).</summary>
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
        if (keyId != EcKeyFile.KeyIdOf(publicKey))
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
}
