using System.Security.Cryptography;
using Grid.Errors;
using Grid.Keys;
using Microsoft.Extensions.Options;

namespace Grid.Crypto.Custody;

/// <summary>
/// NOT FOR PRODUCTION. The zero-setup local key custody: each tenant KEK version is 32 random bytes in a file
/// (mode 0600) under <see cref="SoftwareKeyCustodyOptions.RootPath"/>, on the silo's file system and outside the
/// recordings' storage account. Data keys are wrapped with AES-256-GCM: <c>nonce (12) | ciphertext | tag (16)</c>,
/// with the caller's context as associated data. Production uses an HSM (PKCS#11) or Azure Key Vault.
/// </summary>
public sealed class SoftwareKeyCustody(IOptions<SoftwareKeyCustodyOptions> options) : IKeyCustody
{
    public const string Algorithm = "A256GCM";

    private readonly string root = Path.GetFullPath(options.Value.RootPath);

    public KeyCustodyKind Kind => KeyCustodyKind.Software;

    public Task<KeyReference> CreateKeyAsync(string tenantId, int version, CancellationToken cancellationToken)
    {
        GridIds.RequireTenantId(tenantId);
        var path = KeyPath(tenantId, version);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
        {
            var material = RandomNumberGenerator.GetBytes(32);
            try
            {
                var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var file = new FileStream(path, fileOptions);
                file.Write(material);
                file.Flush(flushToDisk: true);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another activation created it first; theirs stands.
            }
            finally
            {
                CryptographicOperations.ZeroMemory(material);
            }
        }

        return Task.FromResult(new KeyReference(KeyCustodyKind.Software, KeyId(tenantId), version));
    }

    public Task<WrappedKey> WrapAsync(KeyReference key, ReadOnlyMemory<byte> dataKey, ReadOnlyMemory<byte> context, CancellationToken cancellationToken)
    {
        var kek = Load(key);
        try
        {
            using var aes = new AesGcm(kek, 16);
            var result = new byte[12 + dataKey.Length + 16];
            RandomNumberGenerator.Fill(result.AsSpan(0, 12));
            aes.Encrypt(result.AsSpan(0, 12), dataKey.Span, result.AsSpan(12, dataKey.Length), result.AsSpan(12 + dataKey.Length), context.Span);
            return Task.FromResult(new WrappedKey(key, Algorithm, result));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    public Task<byte[]> UnwrapAsync(WrappedKey wrapped, ReadOnlyMemory<byte> context, CancellationToken cancellationToken)
    {
        if (wrapped.Algorithm != Algorithm || wrapped.Ciphertext.Length < 28)
        {
            throw new KeyUnavailableException($"The wrapped key is not a software-custody {Algorithm} key.");
        }

        var kek = Load(wrapped.Key);
        try
        {
            using var aes = new AesGcm(kek, 16);
            var c = wrapped.Ciphertext;
            var dataKey = new byte[c.Length - 28];
            aes.Decrypt(c.AsSpan(0, 12), c.AsSpan(12, dataKey.Length), c.AsSpan(12 + dataKey.Length), dataKey, context.Span);
            return Task.FromResult(dataKey);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new RecordingCorruptException("The wrapped data key does not belong to this recording or key (authentication failed).");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    public Task DestroyKeyAsync(KeyReference key, CancellationToken cancellationToken)
    {
        var path = KeyPath(TenantOf(key), key.Version);
        if (File.Exists(path))
        {
            // Overwrite before unlinking; on a copy-on-write or journaling file system this is best effort, which
            // is one reason the software store is not for production.
            var length = new FileInfo(path).Length;
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
            {
                file.Write(RandomNumberGenerator.GetBytes((int)length));
                file.Flush(flushToDisk: true);
            }

            File.Delete(path);
        }

        return Task.CompletedTask;
    }

    private static string KeyId(string tenantId) => $"software:{tenantId}";

    private static string TenantOf(KeyReference key)
    {
        var tenantId = key.KeyId.StartsWith("software:", StringComparison.Ordinal) ? key.KeyId["software:".Length..] : string.Empty;
        if (key.Custody != KeyCustodyKind.Software || !GridIds.IsValidTenantId(tenantId) || key.Version < 1)
        {
            throw new KeyUnavailableException("The key reference does not name a software-custody key.");
        }

        return tenantId;
    }

    private byte[] Load(KeyReference key)
    {
        var path = KeyPath(TenantOf(key), key.Version);
        try
        {
            var material = File.ReadAllBytes(path);
            if (material.Length != 32)
            {
                throw new KeyUnavailableException($"Key version {key.Version} of the tenant is damaged in the software key store.");
            }

            return material;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new KeyDestroyedException($"Key version {key.Version} of the tenant is not in the software key store: it was destroyed (or the store at '{root}' is not this silo's).");
        }
    }

    private string KeyPath(string tenantId, int version) =>
        Path.Combine(root, tenantId, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"kek-v{version}.bin"));
}
