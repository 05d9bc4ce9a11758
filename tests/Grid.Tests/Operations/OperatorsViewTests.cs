using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Grid.Testing.Load;
using Grid.Tests.Faults;
using Xunit.Abstractions;

namespace Grid.Tests.Operations;

/// <summary>The operators' view of a real silo process over real HTTP: health, metrics, dashboard, its access policy.</summary>
public sealed class OperatorsViewTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Token = "operator-token-for-tests";
    private readonly ProcessClusterFixture grid = new();
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Task InitializeAsync() => grid.InitializeAsync();

    public async Task DisposeAsync()
    {
        http.Dispose();
        await grid.DisposeAsync();
    }

    private static Dictionary<string, string> Production() => new()
    {
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Grid__Operators__TokenSha256__0"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Token))),
    };

    [Fact]
    public async Task Health_is_anonymous_while_metrics_and_dashboard_need_an_operator_token_outside_development()
    {
        var silo = await grid.StartSiloAsync(Production());

        var live = await http.GetAsync(new Uri(silo.HttpBase, "health/live"));
        var ready = await http.GetAsync(new Uri(silo.HttpBase, "health/ready"));
        var anonymousDashboard = await http.GetAsync(new Uri(silo.HttpBase, "dashboard/"));
        var anonymousMetrics = await http.GetAsync(new Uri(silo.HttpBase, "metrics"));
        using var wrongToken = new HttpRequestMessage(HttpMethod.Get, new Uri(silo.HttpBase, "metrics"));
        wrongToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");
        var wrong = await http.SendAsync(wrongToken);
        using var withToken = new HttpRequestMessage(HttpMethod.Get, new Uri(silo.HttpBase, "dashboard/"));
        withToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var authorized = await http.SendAsync(withToken);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousDashboard.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousMetrics.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
    }

    [Fact]
    public async Task The_scheduled_self_test_runs_by_itself_and_shows_in_health_and_metrics()
    {
        var environment = Production();
        environment["Grid__Canary__Period"] = "00:00:02";
        var silo = await grid.StartSiloAsync(environment);

        var deadline = DateTime.UtcNow.AddSeconds(45);
        HttpResponseMessage selfTest;
        string status;
        do
        {
            await Task.Delay(500);
            selfTest = await http.GetAsync(new Uri(silo.HttpBase, "health/selftest"));
            status = await selfTest.Content.ReadAsStringAsync();
        }
        while (status != "Healthy" && DateTime.UtcNow < deadline);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(silo.HttpBase, "metrics"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var metrics = (await (await http.SendAsync(request)).Content.ReadAsStringAsync()).Split('\n');

        Assert.Equal(HttpStatusCode.OK, selfTest.StatusCode);
        Assert.Equal("Healthy", status);
        Assert.Equal("1", metrics.Single(l => l.StartsWith("grid_canary_ok", StringComparison.Ordinal)).Split(' ')[1]);
    }

    [Fact]
    public async Task Readiness_fails_while_storage_is_unreachable_and_recovers()
    {
        var silo = await grid.StartSiloAsync(Production());

        grid.CutStorage();
        var during = await http.GetAsync(new Uri(silo.HttpBase, "health/ready"));
        grid.RestoreStorage();
        var after = await http.GetAsync(new Uri(silo.HttpBase, "health/ready"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Metrics_count_ingested_media_and_never_carry_content_or_personal_metadata()
    {
        var silo = await grid.StartSiloAsync(Production());
        var (recorder, playback, tenantId) = await grid.ConnectAsync(TimeSpan.FromSeconds(30));
        var result = await new RealtimeCallLoad(recorder, playback).RunAsync(new LoadOptions
        {
            TenantId = tenantId,
            Calls = 2,
            CallDuration = TimeSpan.FromSeconds(2),
            RampUp = TimeSpan.Zero,
        });
        Assert.Equal(2, result.Verified);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(silo.HttpBase, "metrics"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var text = await (await http.SendAsync(request)).Content.ReadAsStringAsync();

        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "metrics.txt"), text);
        var lines = text.Split('\n');
        var chunks = lines.Single(l => l.StartsWith("grid_media_chunks_total", StringComparison.Ordinal));
        Assert.Equal("20", chunks.Split(' ')[1]);
        Assert.Contains(lines, l => l.StartsWith("grid_append_duration_milliseconds_bucket", StringComparison.Ordinal));
        var wraps = lines.Single(l => l.StartsWith("grid_key_operations_total{", StringComparison.Ordinal) && l.Contains("operation=\"key.wrap\"", StringComparison.Ordinal));
        Assert.Equal("2", wraps.Split(' ')[1]);
        Assert.DoesNotContain("+1 555", text, StringComparison.Ordinal);
        Assert.DoesNotContain(tenantId, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headless_chromium_renders_the_dashboard_with_the_grids_grain_types()
    {
        var silo = await grid.StartSiloAsync(new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Development" });
        var (recorder, playback, tenantId) = await grid.ConnectAsync(TimeSpan.FromSeconds(30));
        await new RealtimeCallLoad(recorder, playback).RunAsync(new LoadOptions { TenantId = tenantId, Calls = 1, CallDuration = TimeSpan.FromSeconds(1), RampUp = TimeSpan.Zero });
        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        var screenshot = Path.Combine(artifacts, "dashboard.png");
        var url = new Uri(silo.HttpBase, "dashboard/#/grains").ToString();

        var dom = await ChromiumAsync(["--dump-dom", url]);
        await ChromiumAsync([$"--screenshot={screenshot}", "--window-size=1400,1000", url]);

        output.WriteLine($"screenshot: {screenshot}");
        Assert.Contains("CallGrain", dom, StringComparison.Ordinal);
        Assert.Contains("TenantGrain", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("+1 555", dom, StringComparison.Ordinal);
        Assert.True(new FileInfo(screenshot).Length > 10_000);
    }

    private static async Task<string> ChromiumAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("chromium") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
            "--user-data-dir=" + Directory.CreateTempSubdirectory("grid-chromium").FullName, "--virtual-time-budget=10000",
        }.Concat(arguments))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("chromium could not be started; install the Debian package chromium.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        return await stdout + await stderr;
    }
}
