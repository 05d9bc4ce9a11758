using System.Security.Cryptography;

namespace Grid.Security.Tokens;

/// <summary>
/// ECDSA P-256 keys in PEM files, and their key ids: the one loader and the one key-id rule of the Grid's signing keys
/// (credential signing keys, trusted issuers' keys, the processor's certificate and checkpoint signing key).
/// </summary>
public static class EcKeyFile
{
    /// <summary>Loads the private key at <paramref name="path"/>, creating it (owner-only) when absent.</summary>
    public static ECDsa LoadOrCreatePrivate(string path)
    {
        var full = Path.GetFullPath(path);
        var key = ECDsa.Create();
        if (File.Exists(full))
        {
            key.ImportFromPem(File.ReadAllText(full));
        }
        else
        {
            key.GenerateKey(ECCurve.NamedCurves.nistP256);
            SecretFile.WriteNew(full, key.ExportPkcs8PrivateKeyPem());
        }

        return RequireP256(key, full);
    }

    /// <summary>Loads a public key (or the public half of a private key) from a PEM file.</summary>
    public static ECDsa LoadPublic(string path)
    {
        var full = Path.GetFullPath(path);
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(full));
        using var copy = key;
        var publicOnly = ECDsa.Create();
        publicOnly.ImportSubjectPublicKeyInfo(copy.ExportSubjectPublicKeyInfo(), out _);
        return RequireP256(publicOnly, full);
    }

    /// <summary>The key id: SHA-256 over the SubjectPublicKeyInfo (DER), lower-case hex (64 characters).</summary>
    public static string KeyIdOf(ECDsa key) => KeyIdOf(key.ExportSubjectPublicKeyInfo());

    /// <summary>The key id of a SubjectPublicKeyInfo (DER).</summary>
    public static string KeyIdOf(ReadOnlySpan<byte> subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));

    private static ECDsa RequireP256(ECDsa key, string path)
    {
        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new InvalidOperationException($"{path}: a Grid signing key must be ECDSA P-256.");
        }

        return key;
    }
}
