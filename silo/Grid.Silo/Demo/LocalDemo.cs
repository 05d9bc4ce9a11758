using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Grid.Calls;
using Grid.Client;
using Grid.Client.Credentials;
using Grid.Errors;
using Grid.Hosting;
using Grid.Crypto.Signing;
using Grid.Keys;
using Grid.Retention;
using Grid.Security;
using Grid.Security.Tokens;
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

    public static async Task<int> RunAsync(GridSiloOptions options, Grid.Development.LocalEmulatorOptions emulator, bool startedEmulator, Uri apiBase)
    {
        var total = Stopwatch.StartNew();
        var outputDir = Path.GetFullPath(Path.Combine("artifacts", "demo"));
        Directory.CreateDirectory(outputDir);

        // People's credentials come from the token service (here: the local signing key, as the `token` command does).
        using var tokens = new GridTokenIssuer(options.Security);
        string TokenFor(string role, string subject) => tokens.Issue(role == GridRoles.Operator ? GridPrincipal.AnyTenant : TenantId, subject, [role]).Value;

        // An administration client (tokens per action), then a recorder frontend configured once with its credential.
        using var admin = await ConnectAsync(options, credential: null);
        var cluster = admin.Services.GetRequiredService<IClusterClient>();
        Console.WriteLine("Recording Grid - local demo");
        Console.WriteLine($"  storage    : Azure Storage emulator on 127.0.0.1:{emulator.BlobPort}-{emulator.TablePort} ({(startedEmulator ? "started by this run" : "already running")}), data in {Path.GetFullPath(emulator.DataPath)}");
        Console.WriteLine($"  key store  : {Path.GetFullPath(options.Keys.RootPath)} (software custody: local development only)");
        Console.WriteLine($"  transport  : mutual TLS with the development CA in {Path.GetFullPath(options.Security.Tls.DevelopmentFolder)}; every call carries a signed credential");

        TenantInfo tenant;
        RecorderSecret recorderSecret;
        using (GridCredentials.Use(TokenFor(GridRoles.Operator, "demo-operator")))
        {
            tenant = await ProvisionAsync(cluster.GetGrain<ITenantGrain>(TenantId));
        }

        using (GridCredentials.Use(TokenFor(GridRoles.TenantAdmin, "demo-admin")))
        {
            recorderSecret = await cluster.GetGrain<IRecorderCredentialGrain>($"{TenantId}/demo-recorder").IssueSecretAsync();
        }

        Console.WriteLine($"  tenant     : {tenant.TenantId} in {tenant.Settings.ResidencyRegion}, key {tenant.CurrentKey?.KeyId} v{tenant.CurrentKey?.Version}");
        Console.WriteLine($"  recorder   : credential {recorderSecret.ClientId} (secret exchanged for short-lived recorder tokens by the SDK)");
        using var client = await ConnectAsync(options, new GridCredentialOptions { ClientId = recorderSecret.ClientId, Secret = recorderSecret.Secret });
        try
        {
            var recorder = client.Services.GetRequiredService<GridRecorder>();
            var playback = client.Services.GetRequiredService<GridPlayback>();

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
            var playbackPath = Path.Combine(outputDir, $"{playCallId}.playback.wav");
            var playWatch = Stopwatch.StartNew();
            await using (var file = File.Create(playbackPath))
            using (GridCredentials.Use(TokenFor(GridRoles.Analyst, "demo-analyst")))
            {
                await playback.CopyToAsync(TenantId, playCallId, file);
            }

            var sourceHash = Convert.ToHexStringLower(SHA256.HashData(source));
            var playbackHash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(playbackPath)));
            var match = sourceHash == playbackHash;
            Console.WriteLine($"  playback   : {playCallId} -> {playbackPath} ({new FileInfo(playbackPath).Length:N0} bytes, {playWatch.ElapsedMilliseconds} ms)");
            Console.WriteLine($"  source     : {playSourcePath}");
            Console.WriteLine($"  sha-256    : source   {sourceHash}");
            Console.WriteLine($"               playback {playbackHash} {(match ? "MATCH" : "MISMATCH")}");

            match &= await RefusedAsync("the recorder's own credential reading media back", () => playback.ReadAsync(TenantId, playCallId));
            using (GridCredentials.Use(tokens.Issue("other-tenant", "intruder", [GridRoles.Analyst]).Value))
            {
                match &= await RefusedAsync("a valid analyst credential of another tenant", () => playback.ReadAsync(TenantId, playCallId));
            }

            using (GridCredentials.Use(ForgedToken(TenantId, tokens.KeyId)))
            {
                match &= await RefusedAsync("a forged analyst credential (the Grid's key id, an attacker's signature)", () => playback.ReadAsync(TenantId, playCallId));
            }

            string publicKeyPem;
            using (var signer = new ProcessorSigningKey(options.Signing))
            {
                publicKeyPem = signer.PublicKeyPem;
            }

            var person = $"+44 20 7946 0{calls.Count - 1}{calls.Count - 1}{calls.Count - 1}";
            match &= await ApiDemo.RunAsync(apiBase, tokens, TenantId, playCallId, source, person, outputDir, publicKeyPem);

            // Deletion on request, and the signed certificate that proves it.
            var (deleteCallId, _, _) = calls.OrderBy(c => c.CallId, StringComparer.Ordinal).First();
            DeletionCertificate certificate;
            using (GridCredentials.Use(TokenFor(GridRoles.PrivacyOfficer, "demo-privacy-officer")))
            {
                await cluster.GetGrain<ICallGrain>(GridIds.CallKey(TenantId, deleteCallId)).RequestDeletionAsync();
                certificate = await cluster.GetGrain<ICertificateGrain>(TenantId).IssueAsync("on-request");
            }

            var certificatePath = Path.Combine(outputDir, "deletion-certificate.json");
            var publicKeyPath = Path.Combine(outputDir, "processor-public-key.pem");
            await File.WriteAllTextAsync(certificatePath, System.Text.Json.JsonSerializer.Serialize(certificate, CertificateCommands.Json));
            await File.WriteAllTextAsync(publicKeyPath, publicKeyPem);

            Console.WriteLine($"  deletion   : {deleteCallId} deleted on request; signed certificate {certificatePath}");
            Console.WriteLine($"               verify: dotnet run --project silo/Grid.Silo -- verify-certificate {Path.GetRelativePath(Directory.GetCurrentDirectory(), certificatePath)} {Path.GetRelativePath(Directory.GetCurrentDirectory(), publicKeyPath)}");
            match &= await WormDemo.RunAsync(cluster, tokens, options, runId);
            Console.WriteLine($"  total      : {total.Elapsed.TotalSeconds:0.0} s; demo audio in {outputDir}");
            Console.WriteLine("  console    : dotnet run --project silo/Grid.Silo, then http://127.0.0.1:8080/console (development sign-in, tenant demo-tenant)");
            Console.WriteLine(match ? "DEMO OK" : "DEMO FAILED");
            return match ? 0 : 1;
        }
        finally
        {
            await client.StopAsync();
            await admin.StopAsync();
        }
    }

    internal static async Task<IHost> ConnectAsync(GridSiloOptions options, GridCredentialOptions? credential)
    {
        var clientBuilder = Host.CreateApplicationBuilder();
        clientBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
        clientBuilder.AddGridClient(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
            o.StorageConnectionString = options.Storage.ConnectionString;
            o.Tls.Enabled = options.Security.Tls.Enabled;
            o.Tls.DevelopmentFolder = options.Security.Tls.DevelopmentFolder;
            o.Credential = credential ?? new GridCredentialOptions();
        });
        var client = clientBuilder.Build();
        await client.StartAsync();
        return client;
    }

    /// <summary>Reads a recording expecting a refusal; true when refused with NotAuthorized.</summary>
    private static async Task<bool> RefusedAsync(string who, Func<IAsyncEnumerable<byte[]>> read)
    {
        try
        {
            await foreach (var unused in read())
            {
                Console.WriteLine($"  isolation  : FAILED: {who} read media");
                return false;
            }

            return false;
        }
        catch (NotAuthorizedException e)
        {
            Console.WriteLine($"  isolation  : refused {who} ({e.Reason})");
            return true;
        }
    }

    /// <summary>A well-formed ES256 token claiming the analyst role of the tenant, naming the Grid's key id but signed by a key of the attacker's.</summary>
    private static string ForgedToken(string tenantId, string trustedKeyId)
    {
        using var attackerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTime.UtcNow;
        return new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = "grid",
            Audience = "recording-grid",
            IssuedAt = now,
            Expires = now.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["sub"] = "forger", ["tid"] = tenantId, ["roles"] = new[] { GridRoles.Analyst } },
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                new Microsoft.IdentityModel.Tokens.ECDsaSecurityKey(attackerKey) { KeyId = trustedKeyId }, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.EcdsaSha256),
        });
    }

    internal static async Task<TenantInfo> ProvisionAsync(ITenantGrain tenant) =>
        await tenant.ProvisionAsync(new TenantSettings
        {
            DisplayName = "Demo Tenant",
            ResidencyRegion = "eu-west",
            RetentionDays = 30,
            KeyCustody = KeyCustodyKind.Software,
        });
}
