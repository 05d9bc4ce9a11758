using Grid.Security;
using Grid.Security.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Grid.Api;

/// <summary>
/// Authenticates API requests (JWT bearer) and gives each the Grid credential of its person. A token of an issuer
/// the Grid itself trusts (its own token service, <c>Grid:Security:TrustedKeys</c>) is passed on as it is; a token of
/// the configured OpenID Connect authority is exchanged for a short Grid credential signed by this host's token
/// signing key, carrying the mapped tenant, subject and roles and expiring no later than the original.
/// </summary>
public sealed class ApiCredentials(GridApiOptions options, IOptions<GridSecurityOptions> securityOptions, IServiceProvider services)
{
    public const string Scheme = "grid-api";

    /// <summary>The HTTP client (from the factory, with the standard resilience handler) that reads an OpenID Connect authority's metadata and keys.</summary>
    public const string OidcHttpClient = "grid-oidc";

    private readonly GridSecurityOptions security = securityOptions.Value;
    private readonly HashSet<string> gridIssuers = [securityOptions.Value.Issuer, .. securityOptions.Value.TrustedKeys.Select(k => k.Issuer)];

    /// <summary>Registers the bearer scheme: the OIDC authority when configured, else the Grid's own keys.</summary>
    public static void AddScheme(AuthenticationBuilder authentication, GridApiOptions options)
    {
        authentication.AddJwtBearer(Scheme, _ => { });
        authentication.Services.AddHttpClient(OidcHttpClient).AddStandardResilienceHandler();
        authentication.Services.AddOptions<JwtBearerOptions>(Scheme).Configure<IOptions<GridSecurityOptions>, IHttpClientFactory>((o, securityOptions, http) =>
        {
            var security = securityOptions.Value;
            o.Backchannel = http.CreateClient(OidcHttpClient);
            o.MapInboundClaims = false;
            o.SaveToken = false;
            if (!string.IsNullOrEmpty(options.Authority))
            {
                o.Authority = options.Authority;
                o.Audience = options.Audience;
                o.RequireHttpsMetadata = options.RequireHttpsMetadata;
                o.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256];
                o.TokenValidationParameters.NameClaimType = options.SubjectClaim;
                o.TokenValidationParameters.RoleClaimType = options.RoleClaim;
                return;
            }

            o.RequireHttpsMetadata = false;
            o.TokenValidationParameters = GridTokenValidation.Parameters(GridSigningKeys.Load(security), security, TimeProvider.System);
        });
    }

    /// <summary>
    /// The caller of <paramref name="http"/>: authenticated, mapped and given its Grid credential; or the reason it is
    /// not (for the 401 answer).
    /// </summary>
    public async Task<(ApiCaller? Caller, string? Failure)> AuthenticateAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "No credential: send 'Authorization: Bearer <token>' (locally: the silo's 'token' command mints one).");
        }

        var result = await http.AuthenticateAsync(Scheme);
        if (!result.Succeeded || result.Principal is null)
        {
            return (null, Describe(result.Failure));
        }

        if (ApiCaller.ClaimsOf(result.Principal, options) is not { } claims)
        {
            return (null, $"The token has no '{options.TenantClaim}' or '{options.SubjectClaim}' claim.");
        }

        var raw = header["Bearer ".Length..].Trim();
        var issuer = result.Principal.FindFirst("iss")?.Value;
        if (issuer is not null && gridIssuers.Contains(issuer))
        {
            return (new ApiCaller(claims.Tenant, claims.Subject, claims.Roles, raw), null);
        }

        var signer = services.GetService<GridTokenIssuer>()
            ?? throw new InvalidOperationException("Grid:Api:Authority is set but this host has no Grid token signing key to exchange tokens with.");
        var expires = result.Properties?.ExpiresUtc ?? DateTimeOffset.UtcNow.Add(security.TokenLifetime);
        var lifetime = TimeSpan.FromSeconds(Math.Floor(Math.Min(security.TokenLifetime.TotalSeconds, (expires - DateTimeOffset.UtcNow).TotalSeconds)));
        if (lifetime < TimeSpan.FromSeconds(1) || claims.Roles.Count == 0)
        {
            return (null, claims.Roles.Count == 0 ? "The token grants no Grid role." : "The token has expired.");
        }

        var token = signer.Issue(claims.Tenant, claims.Subject, claims.Roles, lifetime);
        return (new ApiCaller(claims.Tenant, claims.Subject, claims.Roles, token.Value), null);
    }

    private static string Describe(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException expired => $"The token expired at {expired.Expires:u}; get a new one.",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "The token's signature is not valid for any trusted key.",
        SecurityTokenInvalidAudienceException => "The token is for another audience.",
        SecurityTokenInvalidIssuerException => "The token's issuer is not trusted.",
        null => "No valid credential.",
        _ => "The token is not valid: " + failure.GetType().Name.Replace("SecurityToken", string.Empty, StringComparison.Ordinal).Replace("Exception", string.Empty, StringComparison.Ordinal) + ".",
    };
}
