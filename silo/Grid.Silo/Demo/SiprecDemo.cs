using System.Diagnostics;
using Grid.Calls;
using Grid.Client;
using Grid.Client.Credentials;
using Grid.Development.Sip;
using Grid.Hosting;
using Grid.Security;
using Grid.Security.Tokens;
using Grid.Sip.Media;
using Grid.Sip.Server;
using Grid.Siprec;
using Grid.Tenants;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Grid.Silo.Demo;

/// <summary>
/// The SIPREC demo: SIPp plays an SBC and records one two-party call into the Grid through the SRS (the same
/// server and backend as <c>silo/Grid.Srs</c>), over UDP on loopback, with RTP from a capture this demo writes (two
/// tones, one per direction). The sealed recording is found by the caller's number, played back as a stereo WAV and
/// checked bit-exact per channel against the RTP payloads sent.
/// </summary>
internal static class SiprecDemo
{
    private const string TenantId = "demo-tenant";
    private const int Seconds = 6;

    public static async Task<int> RunAsync(GridSiloOptions options)
    {
        using var client = await LocalDemo.ConnectAsync(options, credential: null);
        try
        {
            return await RunAsync(options, client);
        }
        finally
        {
            await client.StopAsync();
        }
    }

    private static async Task<int> RunAsync(GridSiloOptions options, IHost client)
    {
        var total = Stopwatch.StartNew();
        Console.WriteLine("Recording Grid - SIPREC demo (SIPp as the SBC, the Grid's SRS, the recorder SDK)");
        if (!SippRunner.IsInstalled)
        {
            Console.WriteLine($"SIPp is not installed at {SippRunner.Binary}: apt-get install -y sip-tester (scripts/test.sh installs it too).");
            return 1;
        }

        using var tokens = new GridTokenIssuer(options.Security);
        string TokenFor(string role) => tokens.Issue(role == GridRoles.Operator ? GridPrincipal.AnyTenant : TenantId, "siprec-demo-" + role, [role]).Value;
        var cluster = client.Services.GetRequiredService<IClusterClient>();
        RecorderSecret secret;
        using (GridCredentials.Use(TokenFor(GridRoles.Operator)))
        {
            await LocalDemo.ProvisionAsync(cluster.GetGrain<ITenantGrain>(TenantId));
        }

        using (GridCredentials.Use(TokenFor(GridRoles.TenantAdmin)))
        {
            secret = await cluster.GetGrain<IRecorderCredentialGrain>($"{TenantId}/siprec-srs").IssueSecretAsync();
        }

        // The SRS, routed as an operator would configure it: SIP from 127.0.0.1 records for the demo tenant under the
        // tenant's recorder credential.
        var routing = new SrsRoutingOptions
        {
            Routes = [new SrsRoute { Name = "demo-sbc", TenantId = TenantId, ClientId = secret.ClientId, Secret = secret.Secret, Sources = ["127.0.0.1"] }],
        };
        var backend = new GridRecordingBackend(
            client.Services.GetRequiredService<GridRecorder>(), cluster, Options.Create(routing), NullLogger<GridRecordingBackend>.Instance);
        var srsOptions = new SrsOptions { ListenAddress = "127.0.0.1", UdpPort = 0, TcpPort = null, RtpPortFirst = 47000, RtpPortLast = 47199, UserAgent = "Grid-SRS-demo" };
        srsOptions.Media.ReorderWindow = TimeSpan.FromSeconds(1);
        using var meters = new DemoMeterFactory();
        await using var srs = new SrsServer(srsOptions, backend, meters, NullLoggerFactory.Instance);
        await srs.StartAsync(CancellationToken.None);
        Console.WriteLine($"  srs        : SIP on udp/{srs.UdpEndPoint}, RTP {srsOptions.RtpPortFirst}-{srsOptions.RtpPortLast}, route demo-sbc -> {TenantId} as {secret.ClientId}");

        // Two directions: the caller at 440 Hz, the agent at 660 Hz, 20 ms A-law packets.
        var payloads = new[] { Tone(440, 0.3), Tone(660, 0.2) };
        var run = await SippRunner.RunAsync("siprec_long_rtp.xml", srs.UdpEndPoint!, "udp", extraArguments: ["-d", ((Seconds * 1000) + 700).ToString(System.Globalization.CultureInfo.InvariantCulture)], prepareFolder: folder =>
        {
            Directory.CreateDirectory(Path.Combine(folder, "pcap"));
            PcapWriter.WriteTwoStreamCall(Path.Combine(folder, "pcap", "streams.pcap"), DateTimeOffset.UnixEpoch, 6000, 8, payloads);
        });
        Console.WriteLine($"  sipp       : INVITE (SDP + RFC 7865 metadata), 200, ACK, {Seconds} s of RTP on two streams, BYE: {(run.Succeeded ? "completed" : "FAILED")}");
        if (!run.Succeeded)
        {
            Console.WriteLine(run.ToString());
            return 1;
        }

        using var analyst = GridCredentials.Use(TokenFor(GridRoles.Analyst));
        var page = await cluster.GetGrain<IRecordingCatalogGrain>(TenantId).SearchAsync(new RecordingQuery { Participant = "+1 555 0100", PageSize = 200 });
        var found = page.Items.OrderByDescending(i => i.StartedAt).FirstOrDefault();
        if (found is null)
        {
            Console.WriteLine("  search     : FAILED: no recording of the caller +1 555 0100");
            return 1;
        }

        var call = cluster.GetGrain<ICallGrain>(GridIds.CallKey(TenantId, found.CallId));
        var summary = await call.GetSummaryAsync();
        for (var i = 0; i < 100 && summary.Status != CallStatus.Sealed; i++)
        {
            await Task.Delay(100);
            summary = await call.GetSummaryAsync();
        }

        var metadata = await call.GetMetadataAsync();
        Console.WriteLine($"  search     : caller +1 555 0100 -> {found.CallId} ({summary.Status}, {summary.ChunkCount} chunks, {summary.MediaBytes} bytes, {summary.MediaGaps.Count} media gaps)");
        Console.WriteLine($"  metadata   : {metadata.MediaType}; {string.Join(", ", metadata.Participants.Select(p => $"{p.Role} {p.DisplayName}"))} (encrypted on receipt; names shown to the analyst)");

        var media = new MemoryStream();
        await foreach (var chunk in call.ReadMediaAsync())
        {
            media.Write(chunk);
        }

        var stored = media.ToArray();
        var exact = true;
        for (var channel = 0; channel < 2; channel++)
        {
            var samples = stored.Where((_, i) => i % 2 == channel).ToArray();
            var sent = payloads[channel].SelectMany(p => p).ToArray();
            // Silence (A-law 0xD5) until the stream's first packet, then its payloads, byte for byte.
            var first = samples.AsSpan().IndexOf(sent.AsSpan(0, 160));
            exact &= first >= 0 && samples.AsSpan(first).StartsWith(sent) && samples.AsSpan(0, first).IndexOfAnyExcept((byte)0xD5) < 0;
        }

        var outputDir = Path.GetFullPath(Path.Combine("artifacts", "demo"));
        Directory.CreateDirectory(outputDir);
        var wavPath = Path.Combine(outputDir, found.CallId + ".wav");
        var file = PlaybackFile.For(metadata.MediaType, stored.Length);
        await using (var wav = File.Create(wavPath))
        {
            await foreach (var piece in file.ReadAllAsync(AsAsync(stored)))
            {
                await wav.WriteAsync(piece);
            }
        }

        Console.WriteLine($"  playback   : {wavPath} (stereo A-law WAV); each channel equals its stream's RTP payloads: {(exact ? "yes" : "NO")}");
        Console.WriteLine($"DEMO {(exact && summary.Status == CallStatus.Sealed ? "OK" : "FAILED")} in {total.Elapsed.TotalSeconds:0.0} s");
        return exact && summary.Status == CallStatus.Sealed ? 0 : 1;
    }

    /// <summary><see cref="Seconds"/> of a tone as 20 ms A-law packets.</summary>
    private static IReadOnlyList<byte[]> Tone(double hertz, double level) =>
        [.. Enumerable.Range(0, Seconds * 50).Select(k => Enumerable.Range(0, 160)
            .Select(i => G711.LinearToAlaw((short)(Math.Sin(2 * Math.PI * hertz * ((k * 160) + i) / 8000.0) * level * short.MaxValue)))
            .ToArray())];

    private static async IAsyncEnumerable<byte[]> AsAsync(byte[] media)
    {
        await Task.CompletedTask;
        yield return media;
    }

    /// <summary>Meters for the demo's SRS (not exported).</summary>
    private sealed class DemoMeterFactory : System.Diagnostics.Metrics.IMeterFactory
    {
        private readonly List<System.Diagnostics.Metrics.Meter> meters = [];

        public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options)
        {
            var meter = new System.Diagnostics.Metrics.Meter(options);
            meters.Add(meter);
            return meter;
        }

        public void Dispose() => meters.ForEach(m => m.Dispose());
    }
}
