using System.Net;
using System.Text.Json;
using Grid.Governance;
using Grid.Residency;
using Grid.Security;
using Grid.Tenants;
using Grid.Tests.Infrastructure;
using Grid.Web.Pages;
using Grid.Webhooks;
using Microsoft.Playwright;

namespace Grid.Tests.Api;

/// <summary>
/// The console's webhooks and audits-and-transfers pages in the browser: what a tenant admin does there, checked
/// through the API afterwards; what the auditor sees; and an analyst who posts the forms by hand changes nothing.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class ConsoleAdminPagesTests(GridFixture fixture) : IAsyncLifetime
{
    private ConsoleBrowser console = null!;

    public async Task InitializeAsync() => console = await ConsoleBrowser.StartAsync(fixture);

    public async Task DisposeAsync() => await console.DisposeAsync();

    [Fact]
    public async Task A_tenant_admin_records_a_safeguard_registers_a_webhook_abroad_removes_it_and_requests_an_audit()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var page = await console.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        var violations = new List<string>();
        await console.SignInAsync(page, tenantId, "admin-1", GridRoles.TenantAdmin);

        // A receiver in the US: refused until a safeguard is recorded.
        await page.GotoAsync(console.Url("console/webhooks"));
        await ConsoleBrowser.ScanAsync(page, "webhooks", violations);
        await RegisterAsync(page, "https://127.0.0.1:9/grid-hook", "US");
        var refused = await page.InnerTextAsync("[role=alert]");
        var afterRefusal = await EndpointsAsync(tenantId);
        await page.GotoAsync(console.Url("console/audits"));
        await page.FillAsync("#destination", "us");
        await page.SelectOptionAsync("#kind", nameof(TransferSafeguardKind.StandardContractualClauses));
        await page.FillAsync("#safeguardReference", "SCC-2026-04");
        await page.ClickAsync("button:text('Record safeguard')");
        var recorded = await page.InnerTextAsync("[role=status]");
        await page.GotoAsync(console.Url("console/webhooks"));
        await RegisterAsync(page, "https://127.0.0.1:9/grid-hook", "us");
        var registered = await page.InnerTextAsync("[role=status]");
        var secret = await page.InputValueAsync("#secret");
        await ConsoleBrowser.ScanAsync(page, "webhook-registered", violations);
        var endpoints = await EndpointsAsync(tenantId);
        await page.GotoAsync(console.Url("console/webhooks"));
        var secretsOnReload = await page.Locator("#secret").CountAsync();
        var endpointId = endpoints.Single().EndpointId;
        await page.ClickAsync($"button[aria-label='Send test event to {endpointId}']");
        var pinged = await page.InnerTextAsync("[role=alert]");
        await page.CheckAsync($"form:has(input[value='{endpointId}']) input[name=confirm]");
        await page.ClickAsync($"button[aria-label='Remove endpoint {endpointId}']");
        var removed = await page.InnerTextAsync("[role=status]");
        var afterRemoval = await EndpointsAsync(tenantId);

        // An ordinary audit: the credential shown once works at the auditor-token route; a second within 12 months is refused.
        await page.GotoAsync(console.Url("console/audits"));
        await page.FillAsync("#scope", "Technical and organisational measures 2026");
        await page.ClickAsync("button:text('Request audit')");
        var accepted = await page.InnerTextAsync("[role=status]");
        var clientId = await page.InputValueAsync("#clientId");
        var auditorSecret = await page.InputValueAsync("#auditorSecret");
        var audits = await page.InnerTextAsync("main");
        var decisionsShown = await page.Locator("table:has(caption:text('Most recent first')) tbody td:nth-child(4)").AllInnerTextsAsync();
        await ConsoleBrowser.ScanAsync(page, "audits", violations);
        await page.FillAsync("#scope", "Another one");
        await page.ClickAsync("button:text('Request audit')");
        var second = await page.InnerTextAsync("[role=alert]");
        using var exchanged = await console.Api.SendAsync(HttpMethod.Post, "v1/auditor-token", null, new { clientId, secret = auditorSecret });
        var auditorToken = JsonDocument.Parse(await exchanged.Content.ReadAsStringAsync()).RootElement.GetProperty("value").GetString();
        using var auditLog = await console.Api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/audit", auditorToken);
        var requests = await GetAsync<List<AuditRequestInfo>>(tenantId, "audit-requests");
        var transfers = await GetAsync<TenantTransfers>(tenantId, "transfers");

        Assert.StartsWith("Refused: Transfer refused: US is outside ", refused, StringComparison.Ordinal);
        Assert.Empty(afterRefusal);
        Assert.Equal("Safeguard recorded for US: StandardContractualClauses.", recorded);
        Assert.Equal($"Endpoint {endpointId} registered.", registered);
        Assert.Equal(32, Convert.FromBase64String(secret).Length);
        Assert.Equal([("https://127.0.0.1:9/grid-hook", "US")], endpoints.Select(e => (e.Url, e.Location)));
        Assert.Equal(0, secretsOnReload);
        Assert.Matches($"^Test event [0-9a-f]{{32}} to {endpointId} failed: HttpRequestException after [0-9]+ ms\\. ", pinged);
        Assert.Equal($"Endpoint {endpointId} removed: it receives no further events.", removed);
        Assert.Empty(afterRemoval);
        Assert.Equal($"Audit {requests.Single().RequestId} accepted.", accepted);
        Assert.Equal($"{tenantId}/{requests.Single().RequestId}", clientId);
        Assert.Contains("Technical and organisational measures 2026", audits, StringComparison.Ordinal);
        Assert.StartsWith("An ordinary audit was accepted on ", second, StringComparison.Ordinal);
        Assert.EndsWith("(audit-too-soon)", second, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, auditLog.StatusCode);
        Assert.Equal([("Technical and organisational measures 2026", AuditException.None, "admin-1")], requests.Select(r => (r.Spec.Scope, r.Spec.Exception, r.RequestedBy)));
        Assert.Equal([("US", TransferSafeguardKind.StandardContractualClauses, "SCC-2026-04")], transfers.Safeguards.Select(s => (s.Destination, s.Kind, s.Reference)));
        Assert.Equal(["allowed", "refused"], decisionsShown);
        Assert.Equal([("US", "webhook endpoint", true), ("US", "webhook endpoint", false)], transfers.Decisions.Select(d => (d.Destination, d.Purpose, d.Allowed)));
        Assert.Equal([], violations);
    }

    [Fact]
    public async Task An_auditor_reads_both_pages_without_forms_and_an_analyst_posting_them_by_hand_changes_nothing()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        using (var registered = await console.Api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/webhooks", fixture.TokenOf("setup", tenantId, GridRoles.TenantAdmin), new { url = "https://127.0.0.1:9/existing" }))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        var auditor = await console.Browser.NewPageAsync();
        await console.SignInAsync(auditor, tenantId, "auditor-1", GridRoles.Auditor);
        await auditor.GotoAsync(console.Url("console/webhooks"));
        var webhooksText = await auditor.InnerTextAsync("main");
        var webhookForms = await auditor.Locator("#url, button:text('Remove')").CountAsync();
        await auditor.GotoAsync(console.Url("console/audits"));
        var auditsText = await auditor.InnerTextAsync("main");
        var auditForms = await auditor.Locator("#scope, #destination").CountAsync();

        var analyst = await console.Browser.NewPageAsync();
        await console.SignInAsync(analyst, tenantId, "analyst-9", GridRoles.Analyst);
        await analyst.GotoAsync(console.Url("console/webhooks"));
        var antiforgery = await analyst.GetAttributeAsync("form.who input[name=__RequestVerificationToken]", "value");
        var register = await analyst.APIRequest.PostAsync(console.Url("console/webhooks?handler=Register"), new APIRequestContextOptions
        {
            Form = ConsoleBrowser.Form(analyst, ("url", "https://127.0.0.1:9/attacker"), ("__RequestVerificationToken", antiforgery!)),
        });
        var registerText = await register.TextAsync();
        var safeguard = await analyst.APIRequest.PostAsync(console.Url("console/audits?handler=Safeguard"), new APIRequestContextOptions
        {
            Form = ConsoleBrowser.Form(analyst, ("destination", "US"), ("kind", "BindingCorporateRules"), ("reference", "X"), ("__RequestVerificationToken", antiforgery!)),
        });
        var safeguardText = await safeguard.TextAsync();

        Assert.Contains("https://127.0.0.1:9/existing", webhooksText, StringComparison.Ordinal);
        Assert.Contains("Registering and removing endpoints needs the tenant-admin role.", webhooksText, StringComparison.Ordinal);
        Assert.Equal(0, webhookForms);
        Assert.Contains("No audit has been requested.", auditsText, StringComparison.Ordinal);
        Assert.Contains("Requesting an audit needs the tenant-admin role.", auditsText, StringComparison.Ordinal);
        Assert.Equal(0, auditForms);
        Assert.Equal((200, true), (register.Status, registerText.Contains("Refused:", StringComparison.Ordinal)));
        Assert.Equal((200, true), (safeguard.Status, safeguardText.Contains("Refused:", StringComparison.Ordinal)));
        Assert.Equal(["https://127.0.0.1:9/existing"], (await EndpointsAsync(tenantId)).Select(e => e.Url));
        Assert.Empty((await GetAsync<TenantTransfers>(tenantId, "transfers")).Safeguards);
    }

    [Fact]
    public async Task A_tenant_admin_ends_the_contract_only_after_typing_the_tenant_id_and_sees_the_deadlines()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var date = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime).AddDays(30);
        var violations = new List<string>();
        var officer = await console.Browser.NewPageAsync();
        await console.SignInAsync(officer, tenantId, "dpo-2", GridRoles.PrivacyOfficer);
        await officer.GotoAsync(console.Url("console/contract"));
        var officerText = await officer.InnerTextAsync("main");
        var officerForms = await officer.Locator("#confirmTenant").CountAsync();

        var page = await console.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        await console.SignInAsync(page, tenantId, "admin-2", GridRoles.TenantAdmin);
        await page.GotoAsync(console.Url("console/contract"));
        await ConsoleBrowser.ScanAsync(page, "contract", violations);
        var storageMode = await page.InnerTextAsync("#storage-mode");
        using var raw = await console.Api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/", fixture.TokenOf("checker", tenantId, GridRoles.TenantAdmin));
        var worm = JsonDocument.Parse(await raw.Content.ReadAsStringAsync()).RootElement.GetProperty("settings").GetProperty("worm");
        await page.FillAsync("#effectiveDate", date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync("#returnWindowDays", "7");
        await page.FillAsync("#deleteWithinDays", "10");
        await page.FillAsync("#confirmTenant", "t-someone-else");
        await page.ClickAsync("button:text('Terminate the contract')");
        var unconfirmed = await page.InnerTextAsync("[role=alert]");
        var afterUnconfirmed = await GetAsync<TenantInfo>(tenantId, "");
        await page.FillAsync("#effectiveDate", date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync("#returnWindowDays", "7");
        await page.FillAsync("#deleteWithinDays", "10");
        await page.FillAsync("#confirmTenant", tenantId);
        await page.ClickAsync("button:text('Terminate the contract')");
        var recorded = await page.InnerTextAsync("[role=status]");
        var ends = await page.InnerTextAsync("#termination dt:text-is('Contract ends') + dd");
        var exportUntil = await page.InnerTextAsync("#termination dt:text-is('Export until') + dd");
        var forms = await page.Locator("#confirmTenant").CountAsync();
        await ConsoleBrowser.ScanAsync(page, "contract-terminated", violations);
        var info = await GetAsync<TenantInfo>(tenantId, "");

        var effective = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        Assert.Contains("Ending the contract needs the tenant-admin role.", officerText, StringComparison.Ordinal);
        Assert.StartsWith("Standard: the Grid refuses early deletion and alteration", storageMode, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.False, worm.ValueKind);
        Assert.Equal(0, officerForms);
        Assert.Equal($"Type your tenant's id ({tenantId}) to confirm: a termination cannot be undone.", unconfirmed);
        Assert.Equal((TenantStatus.Active, null), (afterUnconfirmed.Status, afterUnconfirmed.Termination));
        Assert.Equal($"Termination recorded. Everything not under a legal hold is deleted by {ConsolePage.Time(effective.AddDays(10))}.", recorded);
        Assert.Equal($"{ConsolePage.Time(effective)}: nothing new is recorded from then", ends);
        Assert.Equal($"{ConsolePage.Time(effective.AddDays(7))}: deletion starts then", exportUntil);
        Assert.Equal(0, forms);
        Assert.Equal(TenantStatus.Terminating, info.Status);
        Assert.Equal((effective, effective.AddDays(7), effective.AddDays(10), (DateTimeOffset?)null), (info.Termination!.EffectiveAt, info.Termination.DeletionStartsAt, info.Termination.DeleteBy, info.Termination.CompletedAt));
        Assert.Equal([], violations);
    }

    private static async Task RegisterAsync(IPage page, string url, string location)
    {
        await page.FillAsync("#url", url);
        await page.FillAsync("#location", location);
        await page.ClickAsync("button:text('Register endpoint')");
    }

    private Task<List<WebhookEndpoint>> EndpointsAsync(string tenantId) => GetAsync<List<WebhookEndpoint>>(tenantId, "webhooks");

    private async Task<T> GetAsync<T>(string tenantId, string path)
    {
        using var response = await console.Api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/{path}", fixture.TokenOf("checker", tenantId, GridRoles.TenantAdmin));
        response.EnsureSuccessStatusCode();
        return JsonSerializer.Deserialize<T>(await response.Content.ReadAsStringAsync(), ApiHost.Json)!;
    }
}
