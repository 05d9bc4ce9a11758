using System.Net;
using System.Text.Json;
using Grid.Calls;
using Grid.Retention;
using Grid.Security;
using Grid.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Grid.Tests.Api;

/// <summary>
/// The web console end to end in a real browser (the Debian chromium, driven by Playwright) against the API host and
/// the test cluster: development sign-in, search by participant, play and seek, place and release a hold, another
/// tenant's recording and a refused role, with an accessibility scan (axe) of every page and screenshots of the
/// main pages under the test output (<c>console-screenshots/</c>).
/// </summary>
[Collection(GridCollection.Name)]
public sealed class ConsoleTests(GridFixture fixture) : IAsyncLifetime
{
    private static readonly string Screenshots = ConsoleBrowser.Screenshots;
    private ConsoleBrowser console = null!;

    public async Task InitializeAsync() => console = await ConsoleBrowser.StartAsync(fixture);

    public async Task DisposeAsync() => await console.DisposeAsync();

    [Fact]
    public async Task A_legal_hold_officer_finds_a_recording_by_participant_plays_and_seeks_it_and_holds_and_releases_it()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var wanted = await RecordAsync(tenantId, "+44 20 7946 0123", seconds: 3);
        var other = await RecordAsync(tenantId, "+44 20 7946 0999", seconds: 1);
        var strangerTenant = await TestTenants.ProvisionAsync(fixture.Client);
        var strangers = await RecordAsync(strangerTenant, "+44 20 7946 0123", seconds: 1);
        var page = await console.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        var violations = new List<string>();

        await page.GotoAsync(Url("console/recordings"));
        var signInUrl = page.Url;
        await ScanAsync(page, "sign-in", violations);
        await SignInAsync(page, tenantId, "officer-1", GridRoles.Analyst, GridRoles.LegalHold);
        var listed = await RowsAsync(page);
        await ScanAsync(page, "recordings", violations);
        await page.FillAsync("#participant", "0044 (20) 7946-0123");
        await page.ClickAsync("button:text('Search')");
        var found = await RowsAsync(page);
        await page.ClickAsync($"a:text('{wanted}')");
        var pageText = await page.InnerTextAsync("main");
        var playback = await page.EvaluateAsync<double[]>(
            """
            async () => {
              const audio = document.querySelector('audio');
              if (audio.readyState < 1) await new Promise((ok, fail) => { audio.onloadedmetadata = ok; audio.onerror = () => fail(new Error('media error ' + audio.error?.code)); });
              await audio.play();
              audio.pause();
              const seeked = new Promise(ok => audio.onseeked = ok);
              audio.currentTime = 2.0;
              await seeked;
              return [audio.duration, audio.currentTime];
            }
            """);
        await ScanAsync(page, "recording", violations);
        await page.FillAsync("#caseReference", "CASE-42");
        await page.FillAsync("#legalBasis", "Court order 2026/17");
        await page.ClickAsync("button:text('Place hold')");
        var placedNotice = await page.InnerTextAsync("[role=status]");
        var held = await HoldsAsync(tenantId);
        await page.GotoAsync(Url("console/holds"));
        await page.ClickAsync("button[aria-label='Prepare the export of case CASE-42']");
        var export = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a:text('Download the export of case CASE-42')"));
        var exportPath = Path.Combine(Screenshots, "case-" + tenantId + ".zip");
        await export.SaveAsAsync(exportPath);
        using var exportZip = System.IO.Compression.ZipFile.OpenRead(exportPath);
        var exported = exportZip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();
        await page.ClickAsync($"a:text('{wanted}')");
        await page.ClickAsync("button[aria-label='Release hold CASE-42']");
        var releasedNotice = await page.InnerTextAsync("[role=status]");
        var afterRelease = await HoldsAsync(tenantId);
        await page.GotoAsync(Url("console/holds"));
        await ScanAsync(page, "holds", violations);
        await page.GotoAsync(Url($"console/recordings/{strangers}"));
        var refused = await page.InnerTextAsync("[role=alert]");

        Assert.StartsWith(Url("console/sign-in"), signInUrl, StringComparison.Ordinal);
        Assert.Equal(new[] { other, wanted }.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Equal([wanted], found);
        Assert.Contains("written to your tenant's audit log", pageText, StringComparison.Ordinal);
        Assert.Contains("+44 20 7946 0123", pageText, StringComparison.Ordinal);
        Assert.Equal(3.0, playback[0], 2);
        Assert.Equal(2.0, playback[1], 2);
        Assert.Equal("Hold placed for case CASE-42.", placedNotice);
        Assert.Equal([("CASE-42", wanted, "Court order 2026/17", false)], held.Select(h => (h.CaseReference, h.CallId, h.LegalBasis, h.ReleasedAt is not null)));
        Assert.Equal(["manifest.json", "manifest.signature.json", $"recordings/{wanted}.json", $"recordings/{wanted}.wav"], exported);
        Assert.Equal("Hold for case CASE-42 released.", releasedNotice);
        Assert.Equal([("CASE-42", true)], afterRelease.Select(h => (h.CaseReference, h.ReleasedAt is not null)));
        Assert.StartsWith("Not found", refused, StringComparison.Ordinal);
        Assert.Equal([], violations);
    }

    [Fact]
    public async Task An_analyst_cannot_hold_even_by_posting_the_form_and_an_operator_sees_no_tenant_page()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = await RecordAsync(tenantId, "+44 20 7946 0456", seconds: 1);
        var analyst = await console.Browser.NewPageAsync();
        await SignInAsync(analyst, tenantId, "analyst-1", GridRoles.Analyst);
        await analyst.GotoAsync(Url($"console/recordings/{callId}"));
        var holdForms = await analyst.Locator("#caseReference").CountAsync();
        var note = await analyst.InnerTextAsync("main");

        // What an attacker with the analyst's session would do: post the hold form by hand, with a valid
        // anti-forgery token taken from the page (the sign-out form has one).
        var antiforgery = await analyst.GetAttributeAsync("form.who input[name=__RequestVerificationToken]", "value");
        var posted = await analyst.APIRequest.PostAsync(Url($"console/recordings/{callId}?handler=Hold"), new APIRequestContextOptions
        {
            Form = Form(analyst, ("caseReference", "CASE-X"), ("__RequestVerificationToken", antiforgery!)),
        });
        var postedText = await posted.TextAsync();
        var withoutToken = await analyst.APIRequest.PostAsync(Url($"console/recordings/{callId}?handler=Hold"), new APIRequestContextOptions { Form = Form(analyst, ("caseReference", "CASE-Y")) });
        var operatorPage = await console.Browser.NewPageAsync();
        await SignInAsync(operatorPage, "", "operator-1", GridRoles.Operator);
        var operatorText = await operatorPage.InnerTextAsync("main");
        var operatorTables = await operatorPage.Locator("table").CountAsync();

        Assert.Equal(0, holdForms);
        Assert.Contains("Placing or releasing a hold needs the legal-hold or tenant-admin role.", note, StringComparison.Ordinal);
        Assert.Equal(200, posted.Status);
        Assert.Contains("Refused:", postedText, StringComparison.Ordinal);
        Assert.Equal(400, withoutToken.Status);
        Assert.Equal([], await HoldsAsync(tenantId));
        Assert.Contains("Operators see no tenant's recordings", operatorText, StringComparison.Ordinal);
        Assert.Equal(0, operatorTables);
    }

    [Fact]
    public async Task Console_pages_carry_a_strict_content_security_policy_and_no_personal_data_in_urls()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var page = await console.Browser.NewPageAsync();
        var urls = new List<string>();
        page.Request += (_, request) => urls.Add(request.Url);
        var response = await page.GotoAsync(Url("console/sign-in"));
        await SignInAsync(page, tenantId, "analyst-2", GridRoles.Analyst);
        await page.FillAsync("#participant", "+44 20 7946 0777");
        await page.ClickAsync("button:text('Search')");
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = console.Api.Base };
        using var anonymous = await noRedirects.GetAsync("console/recordings");

        Assert.Equal(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            response!.Headers["content-security-policy"]);
        Assert.Contains("no-store", response.Headers["cache-control"], StringComparison.Ordinal);
        Assert.DoesNotContain(urls, u => u.Contains("7946", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/console/sign-in", new Uri(console.Api.Base, anonymous.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task A_privacy_officer_runs_an_access_request_downloads_the_bundle_and_objects_to_a_sub_processor()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = await RecordAsync(tenantId, "+44 20 7946 0321", seconds: 2);
        var changeId = await AnnounceAsync();
        var page = await console.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        var violations = new List<string>();
        await SignInAsync(page, tenantId, "dpo-1", GridRoles.PrivacyOfficer, GridRoles.TenantAdmin);

        await page.GotoAsync(Url("console/requests"));
        await ScanAsync(page, "requests", violations);
        await page.SelectOptionAsync("#kind", "Access");
        await page.FillAsync("#identifier", "tel:+442079460321");
        await page.FillAsync("#reference", "TICKET-9");
        await page.ClickAsync("button:text('Open request')");
        await page.WaitForURLAsync("**/console/requests/dsr-*");
        var deadline = await page.InnerTextAsync("dl.facts");
        await page.FillAsync("#verification", "Passport seen at the front desk");
        await page.ClickAsync("button:text('Record identity verification')");
        await page.ClickAsync("button:text('Prepare the export bundle')");
        var done = await page.InnerTextAsync("[role=status]");
        await ScanAsync(page, "request", violations);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a:text('Download the bundle')"));
        var zipPath = Path.Combine(Screenshots, "bundle-" + tenantId + ".zip");
        await download.SaveAsAsync(zipPath);
        using var zip = System.IO.Compression.ZipFile.OpenRead(zipPath);
        var entries = zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();
        using var wav = new MemoryStream();
        await using (var stream = zip.GetEntry($"recordings/{callId}.wav")!.Open())
        {
            await stream.CopyToAsync(wav);
        }

        await page.GotoAsync(Url("console/sub-processors"));
        await page.FillAsync($"#reason-{changeId}", "Our contract keeps support in the EEA.");
        await page.ClickAsync($"section[aria-labelledby='notice-{changeId}'] button");
        var objected = await page.InnerTextAsync("[role=status]");
        await ScanAsync(page, "sub-processors", violations);
        await page.CheckAsync($"section[aria-labelledby='notice-{changeId}'] input[name=confirm]");
        await page.ClickAsync("button:text('Withdraw the objection')");
        var chosen = await page.InnerTextAsync("[role=status]");
        await page.GotoAsync(Url("console/governance"));
        var governance = await page.InnerTextAsync("main");
        await page.FillAsync("#scope", "console-check");
        await page.ClickAsync("button:text('Issue certificate')");
        await page.ClickAsync("button:text('Verify the signature')");
        var verified = await page.InnerTextAsync("[role=status]");
        await ScanAsync(page, "governance", violations);
        using var notices = await console.Api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/subprocessors/notices", fixture.TokenOf("checker", tenantId, GridRoles.TenantAdmin));
        var objection = JsonDocument.Parse(await notices.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
            .Single(n => n.GetProperty("change").GetProperty("changeId").GetString() == changeId).GetProperty("objection");

        Assert.Matches(@"Deadline\s+\S+ \S+ UTC \d+ days? \d+ hours? left", deadline);
        Assert.Equal("Request carried out.", done);
        Assert.Equal(["manifest.json", "manifest.signature.json", $"recordings/{callId}.json", $"recordings/{callId}.wav"], entries);
        Assert.Equal(BrowserPlaybackTests.Wav(2, sampleRate: 8000), wav.ToArray());
        Assert.Equal("Your objection is recorded.", objected);
        Assert.Equal("Your choice is recorded: Withdraw.", chosen);
        Assert.Equal(("Our contract keeps support in the EEA.", "dpo-1"), (objection.GetProperty("reason").GetString(), objection.GetProperty("by").GetString()));
        Assert.Contains("Hash chain: intact", governance, StringComparison.Ordinal);
        Assert.StartsWith("The certificate's signature is valid: signed by the processor's key ", verified, StringComparison.Ordinal);
        Assert.Equal([], violations);
    }

    private async Task<string> AnnounceAsync()
    {
        var id = "sp-console-" + Guid.NewGuid().ToString("N")[..8];
        using var response = await console.Api.SendAsync(HttpMethod.Post, "v1/processor/subprocessors/changes", fixture.TokenOf("ops-console", GridPrincipal.AnyTenant, GridRoles.Operator), new
        {
            kind = "add",
            // In the EEA: the registry is shared by every test of the fixture, and others read the transfers it implies.
            subProcessor = new { id, name = "Beispiel Support GmbH", purpose = "Second-line support", country = "DE", dataCategories = new[] { "operational metadata" }, service = "other" },
            effectiveAt = fixture.Clock.GetUtcNow().AddDays(10),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("changeId").GetString()!;
    }

    private string Url(string path) => console.Url(path);

    private static IFormData Form(IPage page, params (string Name, string Value)[] fields) => ConsoleBrowser.Form(page, fields);

    private Task SignInAsync(IPage page, string tenantId, string subject, params string[] roles) => console.SignInAsync(page, tenantId, subject, roles);

    private static Task ScanAsync(IPage page, string name, List<string> violations) => ConsoleBrowser.ScanAsync(page, name, violations);

    private static async Task<List<string>> RowsAsync(IPage page) =>
        [.. await page.Locator("tbody tr td:last-child a").AllInnerTextsAsync()];

    private async Task<List<LegalHold>> HoldsAsync(string tenantId)
    {
        using var response = await console.Api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/holds", fixture.TokenOf("checker", tenantId, GridRoles.LegalHold));
        response.EnsureSuccessStatusCode();
        return JsonSerializer.Deserialize<List<LegalHold>>(await response.Content.ReadAsStringAsync(), ApiHost.Json)!;
    }

    private async Task<string> RecordAsync(string tenantId, string participant, int seconds)
    {
        var callId = TestTenants.NewCallId();
        var wav = BrowserPlaybackTests.Wav(seconds, sampleRate: 8000);
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(TestTenants.Metadata(participant));
        for (var i = 0; i * 16_000 < wav.Length; i++)
        {
            await call.AppendAsync(i, wav[(i * 16_000)..Math.Min(wav.Length, (i + 1) * 16_000)]);
        }

        await call.EndAsync();
        return callId;
    }
}
