using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Grid.Calls;
using Grid.Development;
using Grid.Development.Sip;
using Grid.Security;
using Grid.Tests.Faults;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Siprec;

/// <summary>The SRS executable (<c>silo/Grid.Srs</c>) as an operator runs it: settings checked at start, health, metrics, SIGTERM.</summary>
[Collection(GridCollection.Name)]
public sealed class SrsHostTests(GridFixture fixture)
{
    private sealed class SrsProcess(Process process) : IAsyncDisposable
    {
        private readonly ConcurrentQueue<string> lines = new();

        public Process Process => process;

        public string Output => string.Join('\n', lines);

        public static SrsProcess Start(IReadOnlyDictionary<string, string> environment)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(SiloProcess.HostAssembly("Grid.Srs"))! };
            start.ArgumentList.Add(SiloProcess.HostAssembly("Grid.Srs"));
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }

            var srs = new SrsProcess(Process.Start(start)!);
            srs.Process.OutputDataReceived += (_, e) => srs.Add(e.Data);
            srs.Process.ErrorDataReceived += (_, e) => srs.Add(e.Data);
            srs.Process.BeginOutputReadLine();
            srs.Process.BeginErrorReadLine();
            return srs;
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            process.Dispose();
        }

        private void Add(string? line)
        {
            if (line is not null)
            {
                lines.Enqueue(line);
            }
        }
    }

    private static Dictionary<string, string> Route(string tenantId, string clientId, string secret) => new()
    {
        ["Srs__Routes__0__Name"] = "pbx-1",
        ["Srs__Routes__0__TenantId"] = tenantId,
        ["Srs__Routes__0__ClientId"] = clientId,
        ["Srs__Routes__0__Secret"] = secret,
        ["Srs__Routes__0__Sources__0"] = "127.0.0.1",
    };

    [Theory]
    [InlineData("", "", "Srs:Routes lists at least one route")]
    [InlineData("Srs__Routes__0__Sources__0", "", "Sources entry '' is not an address or CIDR network")]
    [InlineData("Srs__Routes__0__Sources__0", "10.0.0.0/99", "Sources entry '10.0.0.0/99' is not an address or CIDR network")]
    [InlineData("Srs__Routes__0__ClientId", "other/srs", "ClientId is a recorder credential of the route's tenant, 'acme/{name}'")]
    [InlineData("Srs__Routes__0__Name", "PBX One", "Srs:Routes: a route's Name is 1 to 64 characters")]
    [InlineData("Srs__RtpPortFirst", "20001", "RtpPortFirst must be even")]
    [InlineData("Srs__GridRetryDeadline", "00:30:00", "Srs:GridRetryDeadline is between 1 second and 10 minutes.")]
    public async Task A_wrong_setting_stops_the_srs_with_a_message_naming_it(string key, string value, string message)
    {
        var environment = key.Length == 0 ? new Dictionary<string, string>() : Route("acme", "acme/srs", "secret");
        if (key.Length > 0)
        {
            environment[key] = value;
        }

        environment["Urls"] = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        environment["Srs__UdpPort"] = "0";
        environment["Srs__TcpPort"] = "0";
        await using var srs = SrsProcess.Start(environment);
        var exited = await Task.WhenAny(srs.Process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));

        Assert.True(srs.Process.HasExited, "The SRS should stop on a wrong setting:\n" + srs.Output);
        Assert.NotEqual(0, srs.Process.ExitCode);
        Assert.Contains(message, srs.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_srs_records_into_the_grid_reports_health_and_metrics_and_a_sigterm_ends_a_live_session_with_a_bye_and_seals_it()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var secret = await fixture.Client.GetGrain<IRecorderCredentialGrain>($"{tenantId}/srs").IssueSecretAsync();
        var sipPort = LoopbackPorts.Free();
        var http = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/");
        var environment = Route(tenantId, secret.ClientId, secret.Secret);
        environment["Urls"] = http.ToString().TrimEnd('/');
        environment["Grid__ClusterId"] = fixture.Cluster.Options.ClusterId;
        environment["Grid__ServiceId"] = fixture.Cluster.Options.ServiceId;
        environment["Grid__StorageConnectionString"] = fixture.ConnectionString;
        environment["Grid__Security__Tls__DevelopmentFolder"] = fixture.Security.Tls.DevelopmentFolder;
        environment["Srs__UdpPort"] = sipPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Srs__TcpPort"] = "";
        environment["Srs__RtpPortFirst"] = "46000";
        environment["Srs__RtpPortLast"] = "46199";
        environment["Srs__InstanceName"] = "SRS Node/1";
        await using var srs = SrsProcess.Start(environment);
        using var web = new HttpClient { BaseAddress = http };
        var ready = await Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    return (await web.GetAsync("health/ready")).StatusCode;
                }
                catch (HttpRequestException)
                {
                    return HttpStatusCode.ServiceUnavailable;
                }
            },
            s => s == HttpStatusCode.OK || srs.Process.HasExited,
            seconds: 60);
        Assert.True(ready == HttpStatusCode.OK, srs.Output);

        // Its heartbeat (sent at start, then every 30 s) names the instance as a label, under the route's recorder.
        var seen = await Eventually.UntilAsync(() => fixture.Client.GetGrain<Grid.Operations.IRecorderHealthGrain>(tenantId).GetAsync(), s => s.Count > 0, seconds: 30);
        Assert.Equal(("srs-node-1", "recorder:srs", false), (seen[0].Source, seen[0].Principal, seen[0].Silent));
        var target = new IPEndPoint(IPAddress.Loopback, sipPort);

        var call = await SippRunner.RunAsync("siprec_call.xml", target, "udp");
        var live = SippRunner.Start("shutdown.xml", target, "udp");
        // The second session is answered (200 sent: two sessions started) before the SIGTERM.
        var answered = new System.Text.RegularExpressions.Regex(@"^grid_sip_sessions_started_total(\{[^}]*\})? 2( |$)", System.Text.RegularExpressions.RegexOptions.Multiline);
        var active = await Eventually.UntilAsync(() => web.GetStringAsync("metrics"), m => answered.IsMatch(m), seconds: 30);
        using (var kill = Process.Start("kill", ["-TERM", srs.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        var stopped = await live.WaitAsync();
        await srs.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(call.Succeeded, call.ToString());
        Assert.True(stopped.Succeeded, stopped.ToString());
        Assert.Matches(answered, active);
        Assert.Equal(0, srs.Process.ExitCode);
        var catalog = fixture.Client.GetGrain<IRecordingCatalogGrain>(tenantId);
        var calls = (await catalog.SearchAsync(new RecordingQuery { Participant = "sip:2001@pbx.example.test" })).Items;
        Assert.Equal(2, calls.Count);
        var reasons = new List<string>();
        foreach (var item in calls)
        {
            var grain = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, item.CallId));
            Assert.Equal(CallStatus.Sealed, (await grain.GetSummaryAsync()).Status);
            reasons.Add((await grain.GetMetadataAsync()).Tags.GetValueOrDefault("srs.end-reason", "bye"));
        }

        Assert.Equal(["Shutdown", "bye"], reasons.Order(StringComparer.Ordinal));
    }
}
