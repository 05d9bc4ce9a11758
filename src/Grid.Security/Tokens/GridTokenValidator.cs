using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Grid.Security.Tokens;

/// <summary>
/// Verifies Grid credentials with <see cref="JsonWebTokenHandler"/> under <see cref="GridTokenValidation"/>'s rules,
/// then the claims' shape (<see cref="GridTokenRules"/>). Verified credentials are cached until they expire in a
/// size-bounded cache (one ECDSA verification costs ~80 µs here; a recorder sends several calls a second with the
/// same token); the least recently used are evicted first when it is full.
/// </summary>
public sealed class GridTokenValidator : IDisposable
{
    /// <summary>Most verified credentials kept at once.</summary>
    public const int CacheLimit = 50_000;

    private const int MaxTokenLength = 4096;

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false, MaximumTokenSizeInBytes = MaxTokenLength };

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = CacheLimit, CompactionPercentage = 0.1 });
    private readonly GridSigningKeys keys;
    private readonly TokenValidationParameters parameters;
    private readonly TimeProvider time;

    /// <summary>Validates with <paramref name="ownIssuer"/>'s key (when given) and the trusted keys of <paramref name="options"/>.</summary>
    public GridTokenValidator(IOptions<GridSecurityOptions> options, GridTokenIssuer? ownIssuer = null, TimeProvider? time = null)
        : this(ownIssuer?.VerificationKeys(options.Value) ?? new GridSigningKeys(options.Value), options.Value, time)
    {
    }

    /// <summary>Validates against <paramref name="keys"/> (the validator owns them).</summary>
    public GridTokenValidator(GridSigningKeys keys, GridSecurityOptions options, TimeProvider? time = null)
    {
        this.keys = keys;
        this.time = time ?? TimeProvider.System;
        parameters = GridTokenValidation.Parameters(keys, options, this.time);
    }

    /// <summary>Ids of the keys that verify credentials now.</summary>
    public IReadOnlyCollection<string> KeyIds => keys.KeyIds;

    /// <summary>Checks <paramref name="token"/>; never throws.</summary>
    public async ValueTask<TokenCheck> ValidateAsync(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return TokenCheck.Refused(TokenFailure.Missing);
        }

        var now = time.GetUtcNow();
        if (cache.TryGetValue(token, out TokenCheck? cached) && cached is not null)
        {
            if (cached.ValidUntil > now)
            {
                return cached;
            }

            cache.Remove(token);
            return TokenCheck.Refused(TokenFailure.Expired);
        }

        var check = await ValidateUncachedAsync(token);
        if (check.IsValid)
        {
            cache.Set(token, check, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = check.ValidUntil });
        }

        return check;
    }

    /// <summary>
    /// Checks <paramref name="token"/> synchronously (for tools and tests). Validation against the Grid's static keys
    /// never waits on I/O (no metadata is fetched), so the handler's task has completed when it returns.
    /// </summary>
    public TokenCheck Validate(string? token) => ValidateAsync(token).AsTask().GetAwaiter().GetResult();

    public void Dispose()
    {
        cache.Dispose();
        keys.Dispose();
    }

    private async Task<TokenCheck> ValidateUncachedAsync(string token)
    {
        if (token.Length > MaxTokenLength || !Handler.CanReadToken(token))
        {
            return TokenCheck.Refused(TokenFailure.Malformed);
        }

        JsonWebToken parsed;
        try
        {
            parsed = Handler.ReadJsonWebToken(token);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException or JsonException)
        {
            return TokenCheck.Refused(TokenFailure.Malformed);
        }

        if (parsed.IsEncrypted || parsed.Alg != SecurityAlgorithms.EcdsaSha256 || string.IsNullOrEmpty(parsed.Kid) || string.IsNullOrEmpty(parsed.EncodedSignature))
        {
            return TokenCheck.Refused(TokenFailure.Malformed);
        }

        if (!keys.TryResolve(parsed.Kid, out _, out _))
        {
            // Named first: the handler checks the issuer (bound to the key) before it looks for the key.
            return TokenCheck.Refused(TokenFailure.UnknownKey);
        }

        var result = await Handler.ValidateTokenAsync(parsed, parameters);
        if (!result.IsValid)
        {
            return TokenCheck.Refused(FailureOf(result.Exception));
        }

        var roles = RolesOf(parsed);
        var tenant = parsed.TryGetPayloadValue<string>(GridTokenClaims.TenantClaim, out var tid) ? tid : null;
        var subject = parsed.TryGetPayloadValue<string>(GridTokenClaims.SubjectClaim, out var sub) ? sub : null;
        if (GridTokenRules.Check(tenant, subject, roles) is not null)
        {
            return TokenCheck.Refused(TokenFailure.BadClaims);
        }

        return new TokenCheck(new GridPrincipal(tenant!, subject!, [.. roles!]), TokenFailure.None, new DateTimeOffset(parsed.ValidTo, TimeSpan.Zero) + parameters.ClockSkew);
    }

    private static string[]? RolesOf(JsonWebToken token) =>
        token.TryGetPayloadValue<string[]>(GridTokenClaims.RolesClaim, out var roles) ? roles
        : token.TryGetPayloadValue<string>(GridTokenClaims.RolesClaim, out var role) ? [role]
        : null;

    private static TokenFailure FailureOf(Exception? failure) => failure switch
    {
        SecurityTokenSignatureKeyNotFoundException => TokenFailure.UnknownKey,
        SecurityTokenInvalidSignatureException => TokenFailure.BadSignature,
        SecurityTokenInvalidIssuerException => TokenFailure.WrongIssuer,
        SecurityTokenInvalidAudienceException => TokenFailure.WrongAudience,
        SecurityTokenExpiredException => TokenFailure.Expired,
        SecurityTokenNotYetValidException => TokenFailure.NotYetValid,
        SecurityTokenInvalidLifetimeException => TokenFailure.LifetimeTooLong,
        _ => TokenFailure.Malformed,
    };
}
