using Grid.Calls;
using Grid.Security;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Api;

/// <summary>The controls in the browser: two-person redaction, and the capture completeness page with its CSV.</summary>
[Collection(GridCollection.Name)]
public sealed class ConsoleRedactionTests(GridFixture fixture) : IAsyncLifetime
{
    private ConsoleBrowser console = null!;

    public async Task InitializeAsync() => console = await ConsoleBrowser.StartAsync(fixture);

    public async Task DisposeAsync() => await console.DisposeAsync();

    [Fact]
    public async Task A_privacy_officer_requests_a_redaction_and_another_person_approves_it_on_the_recording_page()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(TestTenants.Metadata("+44 20 7946 8888") with { MediaType = "audio/PCMU" });
        var media = TestTenants.RandomBytes(8_000, seed: 77).Select(b => b == 0xFF ? (byte)0x7F : b).ToArray();
        await call.AppendAsync(0, media);
        await call.EndAsync();
        var violations = new List<string>();
        var officer = await console.Browser.NewPageAsync();
        var admin = await console.Browser.NewPageAsync();

        await console.SignInAsync(officer, tenantId, "dpo-7", GridRoles.PrivacyOfficer);
        await officer.GotoAsync(console.Url($"console/recordings/{callId}"));
        await officer.FillAsync("#fromMs", "250");
        await officer.FillAsync("#toMs", "500");
        await officer.FillAsync("#reason", "card-data");
        await officer.ClickAsync("button:text('Request redaction')");
        var requested = await officer.InnerTextAsync("p[role=status]");
        var officerButtons = await officer.Locator("button:text('Approve')").CountAsync();
        await ConsoleBrowser.ScanAsync(officer, "recording-redaction-requested", violations);

        await console.SignInAsync(admin, tenantId, "admin-8", GridRoles.TenantAdmin);
        await admin.GotoAsync(console.Url($"console/recordings/{callId}"));
        await admin.ClickAsync("button:text('Approve')");
        var applied = await admin.InnerTextAsync("p[role=status]");
        var row = await admin.InnerTextAsync("table:has(caption:text('Redactions of this recording')) tbody tr");
        await ConsoleBrowser.ScanAsync(admin, "recording-redaction-applied", violations);

        Assert.Contains("another person with the tenant-admin role must approve it", requested, StringComparison.Ordinal);
        Assert.Equal(0, officerButtons);
        Assert.Contains("version 1 replaced the recording and the original was destroyed", applied, StringComparison.Ordinal);
        Assert.Contains("Applied", row, StringComparison.Ordinal);
        Assert.Contains("dpo-7", row, StringComparison.Ordinal);
        Assert.Contains("admin-8", row, StringComparison.Ordinal);
        Assert.Empty(violations);

        // µ-law at 8 kHz: 8 bytes per ms; 250–500 ms is bytes 2,000–3,999, now µ-law silence (0xFF).
        var expected = media.ToArray();
        Array.Fill(expected, (byte)0xFF, 2_000, 2_000);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(await TestTenants.PlayAsync(fixture.Client, tenantId, callId)));
    }

    [Fact]
    public async Task The_completeness_page_shows_counts_per_line_the_missing_call_and_downloads_the_csv()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var t0 = fixture.Clock.GetUtcNow();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, "recorded-1"));
        await call.StartAsync(TestTenants.Metadata("+44 20 7946 6101"));
        await call.AppendAsync(0, [1, 2, 3]);
        await call.EndAsync();
        await fixture.Client.GetGrain<Grid.Completeness.ICompletenessGrain>(tenantId).ImportAsync(
        [
            new Grid.Completeness.ExpectedCall { StartedAt = t0, Line = "desk-1", Parties = ["+44 20 7946 6101"] },
            new Grid.Completeness.ExpectedCall { StartedAt = t0, Line = "desk-2", Parties = ["+44 20 7946 6102"], Reference = "PBX-77" },
        ]);
        fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        var violations = new List<string>();
        var page = await console.Browser.NewPageAsync();
        var from = t0.UtcDateTime.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var to = t0.UtcDateTime.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);

        await console.SignInAsync(page, tenantId, "admin-5", GridRoles.TenantAdmin);
        await page.GotoAsync(console.Url($"console/completeness?from={from}&to={to}"));
        var all = await page.InnerTextAsync("table:has(caption:text('Completeness by line')) tbody tr:has(th:text('All lines'))");
        var missing = await page.InnerTextAsync("table:has(caption:text('Expected calls without a recording')) tbody");
        await ConsoleBrowser.ScanAsync(page, "completeness", violations);
        var csv = await page.APIRequest.GetAsync(console.Url($"console/completeness?handler=Csv&from={from}&to={to}"));
        var rows = (await csv.TextAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(["All lines", "2", "1", "1", "0", "0", "0", "50 %"], all.Split('\t').Take(8).Select(c => c.Trim()));
        Assert.Contains("PBX-77", missing, StringComparison.Ordinal);
        Assert.Contains("shown to analysts", missing, StringComparison.Ordinal);
        Assert.Empty(violations);
        Assert.Equal(3, rows.Length);
        Assert.Contains("\"recorded-1\"", rows[1] + rows[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_recording_page_lists_each_pause_with_its_reason_who_and_length_and_the_media_gaps()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, "paused-1"));
        await call.StartAsync(TestTenants.Metadata("+44 20 7946 6201") with { MediaType = "audio/PCMA;rate=8000;channels=2" });
        await call.AppendAsync(0, new byte[800]);
        await call.PauseAsync(new PauseRequest(1, "card-data", "recorder"));
        fixture.Clock.Advance(TimeSpan.FromSeconds(12));
        await call.ResumeAsync(1);
        await call.ReportMediaGapsAsync([new MediaGapReport(1, 2_000, 2_500, "loss")]);
        await call.AppendAsync(1, new byte[800]);
        await call.EndAsync();
        var violations = new List<string>();
        var page = await console.Browser.NewPageAsync();

        await console.SignInAsync(page, tenantId, "analyst-6", GridRoles.Analyst);
        await page.GotoAsync(console.Url("console/recordings/paused-1"));
        var paused = await page.InnerTextAsync("dt:text-is('Paused') + dd");
        var gaps = await page.InnerTextAsync("dt:text-is('Media gaps') + dd");
        await ConsoleBrowser.ScanAsync(page, "recording-pauses", violations);

        // The waveform (12.1 s of stereo: 0.05 s, the 12 s pause, 0.05 s) marks the pause and the gap; its fourth second is a link
        // that reloads the page with the player starting there.
        var marks = (await page.Locator("figure.waveform rect.pause").CountAsync(), await page.Locator("figure.waveform rect.gap").CountAsync());
        var links = await page.Locator("figure.waveform a").CountAsync();
        await page.ClickAsync("figure.waveform a[aria-label='Play from 0:03']");
        await page.WaitForURLAsync("**/console/recordings/paused-1?t=3#listen");
        var source = await page.GetAttributeAsync("audio", "src");
        var autoplay = await page.GetAttributeAsync("audio", "autoplay");
        await ConsoleBrowser.ScanAsync(page, "recording-waveform-seek", violations);

        Assert.Contains("for 12 s: card-data (signalled by recorder", paused, StringComparison.Ordinal);
        Assert.Contains("channel 1 2.0–2.5 s (loss)", gaps, StringComparison.Ordinal);
        Assert.Equal((1, 1), marks);
        Assert.Equal(13, links);
        Assert.Equal("/console/recordings/paused-1/media#t=3", source);
        Assert.NotNull(autoplay);
        Assert.Empty(violations);
    }
}
