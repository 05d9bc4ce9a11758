using System.Net;
using Grid.Security;
using Grid.Security.Tokens;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Grid.Tests.Api;

/// <summary>
/// The production path: an OpenID Connect authority (a real one on loopback: discovery document and JWKS over HTTP)
/// issues the person's access token with its own claim names; the API validates it, maps tenant, subject and roles
/// by configuration, and exchanges it for a Grid credential that the grains accept.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class OidcAuthorityTests(GridFixture fixture) : IAsyncLifetime
{
    private const string Audience = TestAuthority.ApiAudience;
    private TestAuthority authority = null!;
    private string issuer = null!;

    public async Task InitializeAsync()
    {
        authority = await TestAuthority.StartAsync();
        issuer = authority.Issuer;
    }

    public async Task DisposeAsync() => await authority.DisposeAsync();

    [Fact]
    public async Task An_authority_token_is_mapped_by_configuration_and_exchanged_for_a_grid_credential_the_grains_accept()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        await using var api = await ApiHost.StartAsync(fixture, new Dictionary<string, string?>
        {
            ["Grid:Api:Authority"] = issuer,
            ["Grid:Api:Audience"] = Audience,
            ["Grid:Api:RequireHttpsMetadata"] = "false",
            ["Grid:Api:TenantClaim"] = "org",
            ["Grid:Api:RoleClaim"] = "grid_roles",
        }, services => services.AddSingleton(new GridTokenIssuer(Options.Create(fixture.Security))));
        var now = DateTimeOffset.UtcNow;

        var analyst = await SearchAsync(api, tenantId, Sign(new { iss = issuer, aud = Audience, sub = "ext-person-1", org = tenantId, grid_roles = new[] { GridRoles.Analyst, "billing" }, iat = now.ToUnixTimeSeconds(), exp = now.AddMinutes(30).ToUnixTimeSeconds() }));
        var auditorOnly = await SearchAsync(api, tenantId, Sign(new { iss = issuer, aud = Audience, sub = "ext-person-2", org = tenantId, grid_roles = new[] { GridRoles.Auditor }, iat = now.ToUnixTimeSeconds(), exp = now.AddMinutes(30).ToUnixTimeSeconds() }));
        var noGridRole = await SearchAsync(api, tenantId, Sign(new { iss = issuer, aud = Audience, sub = "ext-person-3", org = tenantId, grid_roles = new[] { "billing" }, iat = now.ToUnixTimeSeconds(), exp = now.AddMinutes(30).ToUnixTimeSeconds() }));
        var otherAudience = await SearchAsync(api, tenantId, Sign(new { iss = issuer, aud = "someone-else", sub = "ext-person-1", org = tenantId, grid_roles = new[] { GridRoles.Analyst }, iat = now.ToUnixTimeSeconds(), exp = now.AddMinutes(30).ToUnixTimeSeconds() }));
        var expired = await SearchAsync(api, tenantId, Sign(new { iss = issuer, aud = Audience, sub = "ext-person-1", org = tenantId, grid_roles = new[] { GridRoles.Analyst }, iat = now.AddHours(-2).ToUnixTimeSeconds(), exp = now.AddHours(-1).ToUnixTimeSeconds() }));
        var gridToken = await SearchAsync(api, tenantId, fixture.TokenOf("analyst", tenantId, GridRoles.Analyst));

        Assert.Equal(HttpStatusCode.OK, analyst.Status);
        Assert.Equal((HttpStatusCode.Forbidden, "not-authorized"), auditorOnly);
        Assert.Equal((HttpStatusCode.Unauthorized, "unauthenticated"), noGridRole);
        Assert.Equal((HttpStatusCode.Unauthorized, "unauthenticated"), otherAudience);
        Assert.Equal((HttpStatusCode.Unauthorized, "unauthenticated"), expired);
        Assert.Equal((HttpStatusCode.Unauthorized, "unauthenticated"), gridToken);
        var log = await fixture.Client.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).ReadAsync();
        Assert.Single(log.Records, r => r.Action == "recordings.search" && r.Principal == "ext-person-1");
    }

    private static async Task<(HttpStatusCode Status, string Code)> SearchAsync(ApiHost api, string tenantId, string token)
    {
        using var response = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/recordings/search", token, new { });
        return (response.StatusCode, response.IsSuccessStatusCode ? string.Empty : await ApiHost.CodeOfAsync(response));
    }

    private string Sign(object payload) => authority.Sign(payload);
}
