using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Grid.Tests.Infrastructure;

/// <summary>
/// An OpenID Connect authority on loopback, speaking the protocol over real HTTP: discovery, JWKS (ES256), an
/// authorization endpoint that signs <see cref="Person"/> in at once (authorization code with PKCE, answered as a
/// redirect), and a token endpoint that checks the code, the client and the PKCE verifier before issuing an ID token
/// for the client and an access token for the API, with the tenant and roles under this authority's own claim names.
/// </summary>
public sealed class TestAuthority : IAsyncDisposable
{
    public const string ApiAudience = "grid-api";
    public const string TenantClaim = "org";
    public const string RoleClaim = "grid_roles";

    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ConcurrentDictionary<string, Authorization> codes = new(StringComparer.Ordinal);
    private LoopbackWebHost host = null!;

    public string Issuer { get; private set; } = "";

    /// <summary>Who the authorization endpoint signs in.</summary>
    public (string Subject, string Tenant, string[] Roles) Person { get; set; } = ("ext-person", "", []);

    /// <summary>The client the token endpoint accepts (id and secret).</summary>
    public (string Id, string Secret) Client { get; init; } = ("grid-console", "console-secret");

    public static async Task<TestAuthority> StartAsync()
    {
        var authority = new TestAuthority();
        var p = authority.key.ExportParameters(includePrivateParameters: false);
        authority.host = await LoopbackWebHost.StartAsync(app =>
        {
            app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = authority.Issuer,
                ["jwks_uri"] = authority.Issuer + "/jwks",
                ["authorization_endpoint"] = authority.Issuer + "/authorize",
                ["token_endpoint"] = authority.Issuer + "/token",
                ["response_types_supported"] = new[] { "code" },
                ["subject_types_supported"] = new[] { "public" },
                ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
                ["code_challenge_methods_supported"] = new[] { "S256" },
            }));
            app.MapGet("/jwks", () => Results.Json(new
            {
                keys = new[] { new { kty = "EC", crv = "P-256", kid = "ext-1", use = "sig", alg = "ES256", x = Base64Url(p.Q.X!), y = Base64Url(p.Q.Y!) } },
            }));
            app.MapGet("/authorize", (Delegate)authority.Authorize);
            app.MapPost("/token", (Delegate)authority.TokenAsync);
        });
        authority.Issuer = authority.host.Base.ToString().TrimEnd('/');
        return authority;
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        key.Dispose();
    }

    /// <summary>A compact JWS (ES256, key id <c>ext-1</c>) over <paramref name="payload"/>.</summary>
    public string Sign(object payload)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "ES256", kid = "ext-1", typ = "JWT" }));
        var body = Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = key.SignData(Encoding.ASCII.GetBytes(header + "." + body), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{header}.{body}.{Base64Url(signature)}";
    }

    private IResult Authorize(HttpContext http)
    {
        var q = http.Request.Query;
        if (q["client_id"] != Client.Id || q["response_type"] != "code" || q["code_challenge_method"] != "S256")
        {
            return Results.BadRequest("unsupported authorization request");
        }

        var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        codes[code] = new Authorization(q["redirect_uri"]!, q["nonce"]!, q["code_challenge"]!, Person);
        var separator = q["redirect_uri"].ToString().Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return Results.Redirect($"{q["redirect_uri"]}{separator}code={code}&state={Uri.EscapeDataString(q["state"]!)}");
    }

    private async Task<IResult> TokenAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync();
        if (form["grant_type"] != "authorization_code" || form["client_id"] != Client.Id || form["client_secret"] != Client.Secret
            || !codes.TryRemove(form["code"].ToString(), out var granted) || granted.RedirectUri != form["redirect_uri"]
            || Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != granted.Challenge)
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        }

        var now = DateTimeOffset.UtcNow;
        var (subject, tenant, roles) = granted.Person;
        var claims = new Dictionary<string, object> { ["iss"] = Issuer, ["sub"] = subject, [TenantClaim] = tenant, [RoleClaim] = roles, ["iat"] = now.ToUnixTimeSeconds(), ["exp"] = now.AddMinutes(30).ToUnixTimeSeconds() };
        return Results.Json(new
        {
            access_token = Sign(new Dictionary<string, object>(claims) { ["aud"] = ApiAudience }),
            id_token = Sign(new Dictionary<string, object>(claims) { ["aud"] = Client.Id, ["nonce"] = granted.Nonce }),
            token_type = "Bearer",
            expires_in = 1800,
        });
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record Authorization(string RedirectUri, string Nonce, string Challenge, (string Subject, string Tenant, string[] Roles) Person);
}
