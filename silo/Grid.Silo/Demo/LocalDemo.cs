using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Grid.Calls;
using Grid.Client;
using Grid.Errors;
using Grid.Hosting;
using Grid.Crypto.Signing;
using Grid.Keys;
using Grid.Retention;
using Grid.Security;
using Grid.Tenants;

namespace Grid.Silo.Demo;

/// <summary>
/// The README's first command: record a few synthetic calls through the recorder SDK (a real Orleans client on
/// the silo's gateway), play one back to a WAV file and prove it is bit-exact.
/// </summary>
internal static class LocalDemo
{
    private const string TenantId = "demo-tenant";
    private const int ChunkBytes = 3200; // 200 ms of 8 kHz 16-bit mono audio

    public static async Task<int> RunAsync(GridSiloOptions options, bool startedEmulator)
    {
        var total = Stopwatch.StartNew();
        var outputDir = Path.GetFullPath(Path.Combine("artifacts", "demo"));
        Directory.CreateDirectory(outputDir);

        var clientBuilder = Host.CreateApplicationBuilder();
        clientBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
        clientBuilder.AddGridClient(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
            o.StorageConnectionString = options.Storage.ConnectionString;
        });
        using var client = clientBuilder.Build();
        await client.StartAsync();
        try
        {
            var cluster = client.Services.GetRequiredService<IClusterClient>();
            var recorder = client.Services.GetRequiredService<GridRecorder>();
            var playback = client.Services.GetRequiredService<GridPlayback>();

            Console.WriteLine("Recording Grid - local demo");
            Console.WriteLine($"  storage    : Azure Storage emulator on 127.0.0.1:{options.LocalEmulator.BlobPort}-{options.LocalEmulator.TablePort} ({(startedEmulator ? "started by this run" : "already running")}), data in {Path.GetFullPath(options.LocalEmulator.DataPath)}");
            Console.WriteLine($"  key store  : {Path.GetFullPath(options.Keys.RootPath)} (software custody: local development only)");

            var tenant = await ProvisionAsync(cluster.GetGrain<ITenantGrain>(TenantId));
            Console.WriteLine($"  tenant     : {tenant.TenantId} in {tenant.Settings.ResidencyRegion}, key {tenant.CurrentKey?.KeyId} v{tenant.CurrentKey?.Version}");

            var runId = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            var calls = new List<(string CallId, string SourcePath, byte[] Source)>();
            var durations = new[] { 4, 6, 8 };
            var recordings = durations.Select(async (seconds, i) =>
            {
                var callId = $"demo-{runId}-{i + 1}";
                var audio = ToneSweepWav.Create(TimeSpan.FromSeconds(seconds), startHz: 300 + (i * 100));
                var sourcePath = Path.Combine(outputDir, $"{callId}.source.wav");
                await File.WriteAllBytesAsync(sourcePath, audio);
                var watch = Stopwatch.StartNew();
                var metadata = new CallMetadata
                {
                    Direction = CallDirection.Inbound,
                    MediaType = "audio/wav",
                    Participants =
                    [
                        new Participant("customer", $"+44 20 7946 0{i}{i}{i}", "Demo Caller"),
                        new Participant("agent", $"sip:agent{i + 1}@demo.example", "Demo Agent"),
                    ],
                    Tags = new Dictionary<string, string> { ["queue"] = "sales" },
                };
                await using var session = await recorder.StartCallAsync(TenantId, callId, metadata);
                for (var offset = 0; offset < audio.Length; offset += ChunkBytes)
                {
                    await session.SendAsync(audio.AsMemory(offset, Math.Min(ChunkBytes, audio.Length - offset)));
                }

                var summary = await session.EndAsync();
                Console.WriteLine($"  call       : {callId}: {seconds} s of audio, {summary.MediaBytes:N0} bytes in {summary.ChunkCount} chunks, sealed with {summary.Gaps.Count} gaps in {watch.ElapsedMilliseconds} ms");
                lock (calls)
                {
                    calls.Add((callId, sourcePath, audio));
                }
            });
            await Task.WhenAll(recordings);

            var (playCallId, playSourcePath, source) = calls.OrderBy(c => c.CallId, StringComparer.Ordinal).Last();
            var principal = new GridPrincipal(TenantId, "demo-auditor", [GridRoles.Playback]);
            var playbackPath = Path.Combine(outputDir, $"{playCallId}.playback.wav");
            var playWatch = Stopwatch.StartNew();
            await using (var file = File.Create(playbackPath))
            {
                await playback.CopyToAsync(principal, TenantId, playCallId, file);
            }

            var sourceHash = Convert.ToHexStringLower(SHA256.HashData(source));
            var playbackHash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(playbackPath)));
            var match = sourceHash == playbackHash;
            Console.WriteLine($"  playback   : {playCallId} -> {playbackPath} ({new FileInfo(playbackPath).Length:N0} bytes, {playWatch.ElapsedMilliseconds} ms)");
            Console.WriteLine($"  source     : {playSourcePath}");
            Console.WriteLine($"  sha-256    : source   {sourceHash}");
            Console.WriteLine($"               playback {playbackHash} {(match ? "MATCH" : "MISMATCH")}");

            try
            {
                await foreach (var unused in playback.ReadAsync(new GridPrincipal("other-tenant", "intruder", [GridRoles.Playback]), TenantId, playCallId))
                {
                    match = false;
                }
            }
            catch (NotAuthorizedException)
            {
                Console.WriteLine("  isolation  : a principal of another tenant was refused (NotAuthorized)");
            }

            // Deletion on request, and the signed certificate that proves it.
            var (deleteCallId, _, _) = calls.OrderBy(c => c.CallId, StringComparer.Ordinal).First();
            await cluster.GetGrain<ICallGrain>(GridIds.CallKey(TenantId, deleteCallId)).DeleteAsync("request", "demo-admin");
            var certificate = await cluster.GetGrain<ICertificateGrain>(TenantId).IssueAsync("on-request");
            var certificatePath = Path.Combine(outputDir, "deletion-certificate.json");
            var publicKeyPath = Path.Combine(outputDir, "processor-public-key.pem");
            await File.WriteAllTextAsync(certificatePath, System.Text.Json.JsonSerializer.Serialize(certificate, CertificateCommands.Json));
            using (var signer = new ProcessorSigningKey(Microsoft.Extensions.Options.Options.Create(options.Signing)))
            {
                await File.WriteAllTextAsync(publicKeyPath, signer.PublicKeyPem);
            }

            Console.WriteLine($"  deletion   : {deleteCallId} deleted on request; signed certificate {certificatePath}");
            Console.WriteLine($"               verify: dotnet run --project silo/Grid.Silo -- verify-certificate {Path.GetRelativePath(Directory.GetCurrentDirectory(), certificatePath)} {Path.GetRelativePath(Directory.GetCurrentDirectory(), publicKeyPath)}");
            Console.WriteLine($"  total      : {total.Elapsed.TotalSeconds:0.0} s; demo audio in {outputDir}");
            Console.WriteLine(match ? "DEMO OK" : "DEMO FAILED");
            return match ? 0 : 1;
        }
        finally
        {
            await client.StopAsync();
        }
    }

    private static async Task<TenantInfo> ProvisionAsync(ITenantGrain tenant) =>
        await tenant.ProvisionAsync(new TenantSettings
        {
            DisplayName = "Demo Tenant",
            ResidencyRegion = "eu-west",
            RetentionDays = 30,
            KeyCustody = KeyCustodyKind.Software,
        });
}
