using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Grid.Security.Tokens;

/// <summary>
/// The keys that verify Grid credentials, each bound to the one issuer it may sign for: the Grid token service's own
/// key and <see cref="GridSecurityOptions.TrustedKeys"/> (other issuers, and the previous key during a rollover). Key
/// ids follow one rule (<see cref="EcKeyFile.KeyIdOf(ECDsa)"/>); a credential names its key with <c>kid</c>.
/// </summary>
public sealed class GridSigningKeys : IDisposable
{
    private readonly Dictionary<string, (string Issuer, ECDsaSecurityKey Key)> keys = new(StringComparer.Ordinal);

    /// <summary>The own key (its public half) of <paramref name="ownIssuer"/>, if any, and the trusted keys of <paramref name="options"/>.</summary>
    public GridSigningKeys(GridSecurityOptions options, ECDsa? ownKey = null, string? ownIssuer = null)
    {
        if (ownKey is not null)
        {
            Add(ownIssuer ?? options.Issuer, PublicHalf(ownKey));
        }

        foreach (var trusted in options.TrustedKeys)
        {
            Add(trusted.Issuer, EcKeyFile.LoadPublic(trusted.PublicKeyPath));
        }
    }

    /// <summary>The own signing key from <see cref="GridSecurityOptions.TokenSigningKeyPath"/> (created when absent) and the trusted keys.</summary>
    public static GridSigningKeys Load(GridSecurityOptions options)
    {
        using var own = EcKeyFile.LoadOrCreatePrivate(options.TokenSigningKeyPath);
        return new GridSigningKeys(options, own, options.Issuer);
    }

    /// <summary>Ids of the keys that verify credentials now.</summary>
    public IReadOnlyCollection<string> KeyIds => keys.Keys;

    /// <summary>The key named <paramref name="keyId"/> and the issuer it signs for; false when no such key is trusted.</summary>
    public bool TryResolve(string? keyId, out ECDsaSecurityKey key, out string issuer)
    {
        if (keyId is not null && keys.TryGetValue(keyId, out var found))
        {
            (issuer, key) = found;
            return true;
        }

        (key, issuer) = (null!, string.Empty);
        return false;
    }

    public void Dispose()
    {
        foreach (var (_, key) in keys.Values)
        {
            key.ECDsa.Dispose();
        }
    }

    private static ECDsa PublicHalf(ECDsa key)
    {
        var copy = ECDsa.Create();
        copy.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        return copy;
    }

    private void Add(string issuer, ECDsa publicKey)
    {
        if (string.IsNullOrEmpty(issuer))
        {
            publicKey.Dispose();
            throw new InvalidOperationException("Grid:Security:TrustedKeys: every trusted key names the Issuer it signs for.");
        }

        var id = EcKeyFile.KeyIdOf(publicKey);
        if (keys.Remove(id, out var existing))
        {
            existing.Key.ECDsa.Dispose();
        }

        // Not the process-wide provider cache (CryptoProviderFactory.Default): it keys verifiers by the public key
        // and would hand the next registry of the same key (a silo started again in one process) a verifier whose
        // ECDsa this registry disposed, so every credential would fail as a bad signature.
        keys[id] = (issuer, new ECDsaSecurityKey(publicKey) { KeyId = id, CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false } });
    }
}
