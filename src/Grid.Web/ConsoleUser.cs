using System.Security.Claims;

namespace Grid.Web;

/// <summary>The signed-in person as the console's cookie holds it: tenant, subject, roles and the API credential.</summary>
public sealed record ConsoleUser(string TenantId, string Subject, IReadOnlyList<string> Roles, string Token, bool Development)
{
    /// <summary>When the credential expires (the console session ends with it).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public const string TenantClaim = "grid:tenant";
    public const string TokenClaim = "grid:token";
    public const string RoleClaim = "grid:role";
    public const string DevelopmentClaim = "grid:development";

    /// <summary>The person of <paramref name="principal"/>, or null when not signed in.</summary>
    public static ConsoleUser? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true
            || principal.FindFirst(TenantClaim)?.Value is not { } tenant
            || principal.FindFirst(TokenClaim)?.Value is not { } token)
        {
            return null;
        }

        return new ConsoleUser(
            tenant,
            principal.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "",
            [.. principal.FindAll(RoleClaim).Select(c => c.Value)],
            token,
            principal.HasClaim(DevelopmentClaim, "true"));
    }

    /// <summary>The claims of a console sign-in.</summary>
    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, Subject), new(TenantClaim, TenantId), new(TokenClaim, Token) };
        claims.AddRange(Roles.Select(r => new Claim(RoleClaim, r)));
        if (Development)
        {
            claims.Add(new Claim(DevelopmentClaim, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>True when the person holds <paramref name="role"/>.</summary>
    public bool Has(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>Operators manage the processor's side; the console's tenant pages are not theirs.</summary>
    public bool IsOperator => Has(Grid.Security.GridRoles.Operator);
}
