using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Grid.Crypto.Custody;
using Grid.Keys;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Grid.Web.KeyRing;

/// <summary>
/// Encrypts each Data Protection key of the console's ring before it is stored: AES-256-GCM under a fresh data key,
/// that data key wrapped by the processor's key-ring key in the Grid's key custody (software locally; the HSM or Key
/// Vault in production). A copy of the storage account alone opens nothing.
/// </summary>
/// <remarks>
/// <see cref="IXmlEncryptor"/> is synchronous; a key is created at first start and then every 90 days, off the
/// request path, so the custody call is waited on here.
/// </remarks>
public sealed class CustodyXmlEncryptor(IEnumerable<IKeyCustody> custodies, ConsoleKeyRingOptions options) : IXmlEncryptor
{
    /// <summary>The XML namespace of an encrypted key.</summary>
    public static readonly XNamespace Namespace = "urn:recording-grid:console-keyring:v1";

    /// <summary>The associated data binding a wrapped data key to this use.</summary>
    public static ReadOnlyMemory<byte> Context => "grid-console-keyring"u8.ToArray();

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var custody = CustodyOf(custodies, options.Custody);
        var kek = custody.CreateKeyAsync(GridIds.ReservedTenantPrefix + options.KeyName, 1, CancellationToken.None).GetAwaiter().GetResult();
        var dataKey = RandomNumberGenerator.GetBytes(32);
        try
        {
            var wrapped = custody.WrapAsync(kek, dataKey, Context, CancellationToken.None).GetAwaiter().GetResult();
            var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
            var nonce = RandomNumberGenerator.GetBytes(12);
            var sealedBytes = new byte[plaintext.Length + 16];
            using (var aes = new AesGcm(dataKey, 16))
            {
                aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(0, plaintext.Length), sealedBytes.AsSpan(plaintext.Length), Context.Span);
            }

            CryptographicOperations.ZeroMemory(plaintext);
            var element = new XElement(Namespace + "encryptedKey",
                new XElement(Namespace + "kek",
                    new XAttribute("custody", wrapped.Key.Custody.ToString()),
                    new XAttribute("keyId", wrapped.Key.KeyId),
                    new XAttribute("version", wrapped.Key.Version.ToString(CultureInfo.InvariantCulture)),
                    new XAttribute("algorithm", wrapped.Algorithm),
                    Convert.ToBase64String(wrapped.Ciphertext)),
                new XElement(Namespace + "nonce", Convert.ToBase64String(nonce)),
                new XElement(Namespace + "ciphertext", Convert.ToBase64String(sealedBytes)));
            return new EncryptedXmlInfo(element, typeof(CustodyXmlDecryptor));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>The configured custody of <paramref name="kind"/>; a clear error when this host has none of that kind.</summary>
    public static IKeyCustody CustodyOf(IEnumerable<IKeyCustody> custodies, KeyCustodyKind kind) =>
        custodies.FirstOrDefault(c => c.Kind == kind)
        ?? throw new InvalidOperationException($"Grid:Web:KeyRing:Custody is {kind}, but this host has no {kind} key custody configured (Grid:Keys).");
}
