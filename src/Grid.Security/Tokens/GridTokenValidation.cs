using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Grid.Security.Tokens;

/// <summary>
/// The one definition of a valid Grid credential, for the grain filter (<see cref="GridTokenValidator"/>) and the
/// customer API's JWT bearer scheme alike: ES256 only; a <c>kid</c> naming a trusted key (no other key is tried); the
/// issuer that key signs for; the Grid's audience; expiry, not-before and issued-at within the clock skew; a lifetime
/// (exp − iat) of at most <see cref="GridSecurityOptions.MaxTokenLifetime"/>. The claims' shape (tenant, subject,
/// roles) is <see cref="GridTokenRules"/>.
/// </summary>
public static class GridTokenValidation
{
    /// <summary>The validation parameters over <paramref name="keys"/>, reading time from <paramref name="time"/>.</summary>
    public static TokenValidationParameters Parameters(GridSigningKeys keys, GridSecurityOptions options, TimeProvider time) => new()
    {
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        RequireSignedTokens = true,
        TryAllIssuerSigningKeys = false,
        IssuerSigningKeyResolver = (_, _, keyId, _) => keys.TryResolve(keyId, out var key, out var unused) ? [key] : [],
        ValidateIssuer = true,
        IssuerValidator = (issuer, token, parameters) =>
            keys.TryResolve((token as JsonWebToken)?.Kid, out var unusedKey, out var keyIssuer) && string.Equals(keyIssuer, issuer, StringComparison.Ordinal)
                ? issuer
                : throw new SecurityTokenInvalidIssuerException("The credential's issuer is not the one its key signs for.") { InvalidIssuer = issuer },
        ValidAudience = options.Audience,
        RequireAudience = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        LifetimeValidator = (notBefore, expires, token, _) => CheckLifetime(notBefore, expires, (token as JsonWebToken)?.IssuedAt, options, time),
        ClockSkew = options.ClockSkew,
        NameClaimType = "sub",
        RoleClaimType = "roles",
    };

    private static bool CheckLifetime(DateTime? notBefore, DateTime? expires, DateTime? issuedAt, GridSecurityOptions options, TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (expires is not { } exp || exp <= now - options.ClockSkew)
        {
            throw new SecurityTokenExpiredException("The credential has expired.") { Expires = expires ?? DateTime.MinValue };
        }

        var iat = issuedAt is { } issued && issued != DateTime.MinValue ? issued : (DateTime?)null;
        if ((notBefore ?? iat) is { } start && start > now + options.ClockSkew || iat > now + options.ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("The credential is not valid yet.") { NotBefore = notBefore ?? iat ?? DateTime.MinValue };
        }

        if (iat is null || exp - iat.Value > options.MaxTokenLifetime)
        {
            throw new SecurityTokenInvalidLifetimeException("The credential lives longer than this Grid accepts.") { Expires = exp, NotBefore = notBefore };
        }

        return true;
    }
}
