using System.Security.Cryptography;

namespace Grid.Security.Tokens;

/// <summary>ECDSA P-256 keys in PEM files, and their key ids.</summary>
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

    /// <summary>The key id: the first 16 bytes of SHA-256 over the SubjectPublicKeyInfo, lower-case hex.</summary>
    public static string KeyIdOf(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()).AsSpan(0, 16));

    private static ECDsa RequireP256(ECDsa key, string path)
    {
        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new InvalidOperationException($"{path}: a Grid credential key must be ECDSA P-256.");
        }

        return key;
    }
}
