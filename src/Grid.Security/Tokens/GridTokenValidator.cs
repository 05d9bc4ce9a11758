using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Grid.Security.Tokens;

/// <summary>
/// Verifies Grid credentials: ES256 signature under a trusted key of the claimed issuer, audience, expiry, lifetime,
/// tenant and roles. Verified credentials are cached until they expire (one ECDSA verification costs ~80 µs here;
/// a recorder sends several calls a second with the same token).
/// </summary>
public sealed class GridTokenValidator : IDisposable
{
    private const int CacheLimit = 50_000;

    private readonly Dictionary<string, (string Issuer, ECDsa Key)> keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenCheck> cache = new(StringComparer.Ordinal);
    private readonly GridSecurityOptions options;
    private readonly TimeProvider time;

    public GridTokenValidator(IOptions<GridSecurityOptions> options, GridTokenIssuer? ownIssuer = null, TimeProvider? time = null)
    {
        this.options = options.Value;
        this.time = time ?? TimeProvider.System;
        if (ownIssuer is not null)
        {
            keys[ownIssuer.KeyId] = (ownIssuer.Issuer, ownIssuer.PublicKey());
        }

        foreach (var trusted in this.options.TrustedKeys)
        {
            var key = EcKeyFile.LoadPublic(trusted.PublicKeyPath);
            keys[EcKeyFile.KeyIdOf(key)] = (trusted.Issuer, key);
        }
    }

    /// <summary>Ids of the keys that verify credentials now.</summary>
    public IReadOnlyCollection<string> KeyIds => keys.Keys;

    /// <summary>Checks <paramref name="token"/>; never throws.</summary>
    public TokenCheck Validate(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return TokenCheck.Refused(TokenFailure.Missing);
        }

        var now = time.GetUtcNow();
        if (cache.TryGetValue(token, out var cached))
        {
            if (cached.ValidUntil > now)
            {
                return cached;
            }

            cache.TryRemove(token, out _);
            return TokenCheck.Refused(TokenFailure.Expired);
        }

        var check = ValidateUncached(token, now);
        if (check.IsValid)
        {
            if (cache.Count >= CacheLimit)
            {
                cache.Clear();
            }

            cache[token] = check;
        }

        return check;
    }

    private TokenCheck ValidateUncached(string token, DateTimeOffset now)
    {
        if (CompactJws.Parse(token) is not { } parsed)
        {
            return TokenCheck.Refused(TokenFailure.Malformed);
        }

        if (!keys.TryGetValue(parsed.KeyId, out var key))
        {
            return TokenCheck.Refused(TokenFailure.UnknownKey);
        }

        if (!parsed.VerifiesWith(key.Key))
        {
            return TokenCheck.Refused(TokenFailure.BadSignature);
        }

        var claims = parsed.Claims;
        var skew = (long)options.ClockSkew.TotalSeconds;
        var nowSeconds = now.ToUnixTimeSeconds();
        return claims switch
        {
            _ when claims.Issuer != key.Issuer => TokenCheck.Refused(TokenFailure.WrongIssuer),
            _ when claims.Audience != options.Audience => TokenCheck.Refused(TokenFailure.WrongAudience),
            _ when claims.ExpiresAt <= nowSeconds - skew => TokenCheck.Refused(TokenFailure.Expired),
            _ when claims.IssuedAt > nowSeconds + skew => TokenCheck.Refused(TokenFailure.NotYetValid),
            _ when claims.ExpiresAt - claims.IssuedAt > (long)options.MaxTokenLifetime.TotalSeconds => TokenCheck.Refused(TokenFailure.LifetimeTooLong),
            _ when GridTokenRules.Check(claims.TenantId, claims.Subject, claims.Roles) is not null => TokenCheck.Refused(TokenFailure.BadClaims),
            _ => new TokenCheck(
                new GridPrincipal(claims.TenantId, claims.Subject, [.. claims.Roles]),
                TokenFailure.None,
                DateTimeOffset.FromUnixTimeSeconds(claims.ExpiresAt + skew)),
        };
    }

    public void Dispose()
    {
        foreach (var (_, key) in keys.Values)
        {
            key.Dispose();
        }
    }
}
