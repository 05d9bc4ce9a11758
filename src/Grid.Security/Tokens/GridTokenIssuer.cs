using System.Security.Cryptography;
using Grid.Errors;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Grid.Security.Tokens;

/// <summary>The Grid's own token service: signs short-lived credentials (ES256 JWTs) with the token signing key.</summary>
public sealed class GridTokenIssuer : IDisposable
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly ECDsa key;
    private readonly SigningCredentials credentials;
    private readonly GridSecurityOptions options;
    private readonly TimeProvider time;

    /// <summary>The token service of a host (its settings from <c>Grid:Security</c>).</summary>
    public GridTokenIssuer(IOptions<GridSecurityOptions> options, TimeProvider? time = null)
        : this(options.Value, time)
    {
    }

    /// <summary>The token service of a command-line tool, with the settings it read.</summary>
    public GridTokenIssuer(GridSecurityOptions settings, TimeProvider? time = null)
    {
        options = settings;
        this.time = time ?? TimeProvider.System;
        key = EcKeyFile.LoadOrCreatePrivate(this.options.TokenSigningKeyPath);
        KeyId = EcKeyFile.KeyIdOf(key);
        credentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = KeyId }, SecurityAlgorithms.EcdsaSha256);
    }

    /// <summary>The signing key's id (<c>kid</c>).</summary>
    public string KeyId { get; }

    /// <summary>The issuer name.</summary>
    public string Issuer => options.Issuer;

    /// <summary>The keys that verify credentials where this issuer is the Grid's own: its key, and the trusted keys of <paramref name="settings"/>.</summary>
    public GridSigningKeys VerificationKeys(GridSecurityOptions settings) => new(settings, key, options.Issuer);

    /// <summary>Issues a credential for <paramref name="subject"/> of <paramref name="tenantId"/> with <paramref name="roles"/>.</summary>
    /// <param name="tenantId">The tenant, or <see cref="GridPrincipal.AnyTenant"/> for an operator.</param>
    /// <param name="subject">Opaque subject id.</param>
    /// <param name="roles">Roles from <see cref="GridRoles"/>.</param>
    /// <param name="lifetime">Defaults to <see cref="GridSecurityOptions.TokenLifetime"/>; at most the maximum lifetime.</param>
    public GridToken Issue(string tenantId, string subject, IReadOnlyList<string> roles, TimeSpan? lifetime = null)
    {
        GridTokenRules.Require(tenantId, subject, roles);
        var span = lifetime ?? options.TokenLifetime;
        if (span <= TimeSpan.Zero || span > options.MaxTokenLifetime)
        {
            throw new GridValidationException($"A credential lives between 1 second and {options.MaxTokenLifetime}.");
        }

        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        var expires = now + TimeSpan.FromSeconds(Math.Floor(span.TotalSeconds));
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = "JWT",
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object>
            {
                [GridTokenClaims.SubjectClaim] = subject,
                [GridTokenClaims.TenantClaim] = tenantId,
                [GridTokenClaims.RolesClaim] = roles.ToArray(),
                [GridTokenClaims.TokenIdClaim] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            },
        });
        return new GridToken(token, expires);
    }

    public void Dispose() => key.Dispose();
}
