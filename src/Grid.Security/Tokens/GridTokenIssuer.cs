using System.Security.Cryptography;
using Grid.Errors;
using Microsoft.Extensions.Options;

namespace Grid.Security.Tokens;

/// <summary>The Grid's own token service: signs short-lived credentials with the token signing key.</summary>
public sealed class GridTokenIssuer : IDisposable
{
    private readonly ECDsa key;
    private readonly GridSecurityOptions options;
    private readonly TimeProvider time;

    public GridTokenIssuer(IOptions<GridSecurityOptions> options, TimeProvider? time = null)
    {
        this.options = options.Value;
        this.time = time ?? TimeProvider.System;
        key = EcKeyFile.LoadOrCreatePrivate(this.options.TokenSigningKeyPath);
        KeyId = EcKeyFile.KeyIdOf(key);
    }

    /// <summary>The signing key's id (<c>kid</c>).</summary>
    public string KeyId { get; }

    /// <summary>The issuer name.</summary>
    public string Issuer => options.Issuer;

    /// <summary>The signing key's public half, as a verifier.</summary>
    public ECDsa PublicKey()
    {
        var copy = ECDsa.Create();
        copy.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        return copy;
    }

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

        var now = time.GetUtcNow();
        var expires = now + span;
        var claims = new GridTokenClaims
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = subject,
            TenantId = tenantId,
            Roles = roles,
            IssuedAt = now.ToUnixTimeSeconds(),
            ExpiresAt = expires.ToUnixTimeSeconds(),
            TokenId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
        };
        return new GridToken(CompactJws.Sign(claims, key, KeyId), DateTimeOffset.FromUnixTimeSeconds(claims.ExpiresAt));
    }

    public void Dispose() => key.Dispose();
}
