using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Grid.Crypto.Custody;
using Grid.Keys;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace Grid.Web.KeyRing;

/// <summary>Decrypts a key of the console's ring (see <see cref="CustodyXmlEncryptor"/>): unwraps its data key in the Grid's key custody.</summary>
/// <remarks>Created by Data Protection with the host's services; synchronous like <see cref="IXmlDecryptor"/>.</remarks>
public sealed class CustodyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var ns = CustodyXmlEncryptor.Namespace;
        var kek = encryptedElement.Element(ns + "kek") ?? throw new CryptographicException("An encrypted console key names no key-encryption key.");
        var reference = new KeyReference(
            Enum.Parse<KeyCustodyKind>((string)kek.Attribute("custody")!),
            (string)kek.Attribute("keyId")!,
            int.Parse((string)kek.Attribute("version")!, CultureInfo.InvariantCulture));
        var wrapped = new WrappedKey(reference, (string)kek.Attribute("algorithm")!, Convert.FromBase64String(kek.Value));
        var custody = CustodyXmlEncryptor.CustodyOf(services.GetServices<IKeyCustody>(), reference.Custody);
        var dataKey = custody.UnwrapAsync(wrapped, CustodyXmlEncryptor.Context, CancellationToken.None).GetAwaiter().GetResult();
        try
        {
            var nonce = Convert.FromBase64String((string)encryptedElement.Element(ns + "nonce")!);
            var sealedBytes = Convert.FromBase64String((string)encryptedElement.Element(ns + "ciphertext")!);
            var plaintext = new byte[sealedBytes.Length - 16];
            using var aes = new AesGcm(dataKey, 16);
            aes.Decrypt(nonce, sealedBytes.AsSpan(0, plaintext.Length), sealedBytes.AsSpan(plaintext.Length), plaintext, CustodyXmlEncryptor.Context.Span);
            try
            {
                return XElement.Parse(Encoding.UTF8.GetString(plaintext));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }
}
