using Grid.Security;
using Grid.Security.Tokens;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace Grid.Tests.Api;

/// <summary>
/// The console's production sign-in in a real browser: OpenID Connect (authorization code with PKCE) against an
/// authority on loopback; the authority's access token becomes the person's API credential, mapped by the API's
/// claim settings. No development sign-in is offered next to it.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class ConsoleOidcTests(GridFixture fixture) : IAsyncLifetime
{
    private TestAuthority authority = null!;
    private ApiHost api = null!;

    public async Task InitializeAsync()
    {
        authority = await TestAuthority.StartAsync();
        api = await ApiHost.StartAsync(fixture, new Dictionary<string, string?>
        {
            ["Grid:Api:Authority"] = authority.Issuer,
            ["Grid:Api:Audience"] = TestAuthority.ApiAudience,
            ["Grid:Api:RequireHttpsMetadata"] = "false",
            ["Grid:Api:TenantClaim"] = TestAuthority.TenantClaim,
            ["Grid:Api:RoleClaim"] = TestAuthority.RoleClaim,
            ["Grid:Web:OidcAuthority"] = authority.Issuer,
            ["Grid:Web:OidcClientId"] = authority.Client.Id,
            ["Grid:Web:OidcClientSecret"] = authority.Client.Secret,
        }, services => services.AddSingleton(new GridTokenIssuer(Options.Create(fixture.Security))), console: true);
    }

    public async Task DisposeAsync()
    {
        await api.DisposeAsync();
        await authority.DisposeAsync();
    }

    [Fact]
    public async Task A_person_signs_in_with_the_organisations_authority_and_works_under_its_mapped_tenant_and_roles()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var call = fixture.Client.GetGrain<Grid.Calls.ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(TestTenants.Metadata());
        await call.AppendAsync(0, TestTenants.RandomBytes(400, seed: 5));
        await call.EndAsync();
        authority.Person = ("ext-olga", tenantId, [GridRoles.Analyst, "billing"]);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync();
        var flow = new List<string>();
        page.Response += (_, r) => flow.Add($"{r.Request.Method} {r.Url} -> {r.Status} {(r.Headers.TryGetValue("location", out var l) ? l : "")} {(r.Headers.TryGetValue("set-cookie", out var c) ? c[..Math.Min(60, c.Length)] : "")}");

        await page.GotoAsync(new Uri(api.Base, "console/recordings").ToString());
        var developmentFields = await page.Locator("#tenant").CountAsync();
        await page.ClickAsync("button:text('Sign in with your organisation')");
        try
        {
            await page.WaitForURLAsync("**/console/recordings", new PageWaitForURLOptions { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            // Where the redirects went, for whoever reads a failure.
            var cookies = string.Join("; ", (await page.Context.CookiesAsync()).Select(c => $"{c.Name} path={c.Path} secure={c.Secure} samesite={c.SameSite}"));
            throw new InvalidOperationException($"The sign-in ended at {page.Url} with cookies [{cookies}]: {await page.InnerTextAsync("body")}\n{string.Join("\n", flow)}");
        }

        var who = await page.InnerTextAsync("form.who span");
        var rows = await page.Locator("tbody tr td:last-child a").AllInnerTextsAsync();
        var banners = await page.Locator(".dev-banner").CountAsync();
        var log = await fixture.Client.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).ReadAsync();

        Assert.Equal(0, developmentFields);
        Assert.Equal($"ext-olga · tenant {tenantId} · analyst, billing", who);
        Assert.Equal([callId], rows);
        Assert.Equal(0, banners);
        Assert.Single(log.Records, r => r.Action == "recordings.search" && r.Principal == "ext-olga");
    }
}
