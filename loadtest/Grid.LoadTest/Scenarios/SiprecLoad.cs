using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Grid.Calls;
using Grid.Development;
using Grid.Development.Sip;
using Grid.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Grid.LoadTest.Scenarios;

/// <summary>
/// The SIPREC load (<c>--siprec</c>): SIPp as the SBCs (calls at a rate up to a concurrency limit, each with two
/// A-law RTP streams played from a capture), the SRS executable (<c>silo/Grid.Srs</c>) as its own process, and a
/// silo in this process. Per level: whether the SRS lost or reordered-out a packet (its RTP counters), whether every
/// recording holds exactly the payloads sent (each channel a prefix of the capture's stream after the leading
/// silence), and the CPU of the SRS, the silo and SIPp per second of call. Find-the-limit raises the level while a
/// level is clean.
/// </summary>
internal static partial class SiprecLoad
{
    private const byte AlawSilence = 0xD5;

    public static async Task<int> RunAsync(LoadTestArguments settings, string runId)
    {
        if (!SippRunner.IsInstalled)
        {
            Console.WriteLine($"SIPp is not installed at {SippRunner.Binary}: apt-get install -y sip-tester");
            return 1;
        }

        await using var grid = await LocalGrid.StartAsync();
        var tenantId = await grid.ProvisionTenantAsync();
        var grains = grid.SiloServices.GetRequiredService<IGrainFactory>();
        var secret = await grains.GetGrain<IRecorderCredentialGrain>($"{tenantId}/srs").IssueSecretAsync();
        var sipPort = LoopbackPorts.Free();
        var http = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/");
        var environment = new Dictionary<string, string>(settings.SrsEnvironment)
        {
            ["Urls"] = http.ToString().TrimEnd('/'),
            ["Logging__LogLevel__Default"] = "Warning",
            ["Grid__ClusterId"] = grid.ClusterId,
            ["Grid__ServiceId"] = LocalGrid.ServiceId,
            ["Grid__StorageConnectionString"] = grid.Emulator.ConnectionString,
            ["Grid__Security__Tls__DevelopmentFolder"] = Path.Combine(grid.SecurityFolder, "tls"),
            ["Srs__UdpPort"] = sipPort.ToString(CultureInfo.InvariantCulture),
            ["Srs__TcpPort"] = string.Empty,
            ["Srs__MaxSessions"] = "5000",
            ["Srs__RtpPortFirst"] = "20000",
            ["Srs__RtpPortLast"] = "39999",
            ["Srs__Routes__0__Name"] = "load",
            ["Srs__Routes__0__TenantId"] = tenantId,
            ["Srs__Routes__0__ClientId"] = secret.ClientId,
            ["Srs__Routes__0__Secret"] = secret.Secret,
            ["Srs__Routes__0__Sources__0"] = "127.0.0.1",
        };
        using var srs = StartSrs(environment);
        try
        {
            return await RunLevelsAsync(settings, runId, grid, tenantId, srs, http, sipPort);
        }
        finally
        {
            if (!srs.HasExited)
            {
                srs.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<int> RunLevelsAsync(LoadTestArguments settings, string runId, LocalGrid grid, string tenantId, Process srs, Uri http, int sipPort)
    {
        using var web = new HttpClient { BaseAddress = http };
        await WaitReadyAsync(web, srs);
        Console.WriteLine($"SIPREC load: SRS pid {srs.Id} on udp/127.0.0.1:{sipPort}, silo in this process, SIPp per level; {settings.Duration.TotalSeconds:0} s calls, two A-law streams");

        var callSeconds = (int)settings.Duration.TotalSeconds;
        var payloads = new[] { Payloads(0x10, callSeconds + 2), Payloads(0x60, callSeconds + 2) };
        var levels = new List<Dictionary<string, object?>>();
        var level = settings.Calls;
        int? highest = null;
        while (true)
        {
            var outcome = await RunLevelAsync(grid, web, srs, sipPort, tenantId, level, settings.Duration, payloads);
            levels.Add(outcome);
            var clean = (bool)outcome["clean"]!;
            Console.WriteLine($"  {level,5} sessions: {(clean ? "clean" : "NOT clean")}: sipp ok {outcome["sippSucceeded"]}, sealed {outcome["sealed"]}/{level}, verified {outcome["verified"]}/{level}, rtp lost {outcome["rtpLost"]}, late {outcome["rtpLate"]}, media gaps {outcome["mediaGapsReported"]}{(outcome["verificationFailures"] is Dictionary<string, int> { Count: > 0 } why ? " (" + string.Join(", ", why.Select(kv => $"{kv.Value}: {kv.Key}")) + ")" : string.Empty)}; CPU ms per call-second: SRS {outcome["srsCpuMsPerCallSecond"]:N3}, silo {outcome["siloCpuMsPerCallSecond"]:N3}, SIPp {outcome["sippCpuMsPerCallSecond"]:N3}");
            if (clean)
            {
                highest = level;
            }

            if (!settings.FindLimit || !clean || level >= settings.MaxCalls)
            {
                break;
            }

            level = Math.Min(settings.MaxCalls, (int)Math.Ceiling(level * settings.Step));
        }

        Console.WriteLine(highest is { } h ? $"highest clean level: {h} concurrent SIPREC sessions" : "no level was clean");
        var report = new Dictionary<string, object?>
        {
            ["runId"] = runId,
            ["cores"] = Environment.ProcessorCount,
            ["callSeconds"] = callSeconds,
            ["highestCleanSessions"] = highest,
            ["levels"] = levels,
        };
        var json = Path.Combine(settings.OutputDirectory, $"siprec-{runId}.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory, $"siprec-{runId}.md"), Markdown(runId, callSeconds, highest, levels));
        Console.WriteLine($"report: {json}");
        return highest is null ? 1 : 0;
    }

    private static async Task<Dictionary<string, object?>> RunLevelAsync(
        LocalGrid grid, HttpClient web, Process srs, int sipPort, string tenantId, int sessions, TimeSpan duration, IReadOnlyList<byte[]>[] payloads)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var before = await CountersAsync(web);
        var srsBefore = Cpu(srs);
        var siloBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var ramp = TimeSpan.FromSeconds(Math.Clamp(sessions / 20.0, 2, 20));
        var rate = sessions / ramp.TotalSeconds;
        var clock = Stopwatch.StartNew();
        var run = SippRunner.Start(
            "siprec_long_rtp.xml",
            new IPEndPoint(IPAddress.Loopback, sipPort),
            "udp",
            extraArguments: ["-r", rate.ToString("0.###", CultureInfo.InvariantCulture), "-rp", "1000", "-l", sessions.ToString(CultureInfo.InvariantCulture), "-d", ((int)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), "-max_socket", "65000"],
            prepareFolder: folder =>
            {
                Directory.CreateDirectory(Path.Combine(folder, "pcap"));
                PcapWriter.WriteTwoStreamCall(Path.Combine(folder, "pcap", "streams.pcap"), DateTimeOffset.UnixEpoch, 6000, 8, payloads);
            },
            calls: sessions,
            timeout: duration + ramp + TimeSpan.FromSeconds(60));
        var sippCpu = TimeSpan.Zero;
        var sippPid = run.ProcessId;
        var sampling = Task.Run(async () =>
        {
            // SIPp's CPU: sampled until it exits (its process is gone when the run completes).
            while (true)
            {
                var now = Cpu(sippPid);
                if (now is null)
                {
                    return;
                }

                sippCpu = now.Value;
                await Task.Delay(250);
            }
        });
        var result = await run.WaitAsync();
        await sampling;
        var elapsed = clock.Elapsed;

        // Every session's recording sealed, then read back and compared with the payloads sent.
        var catalog = grid.Cluster.GetGrain<IRecordingCatalogGrain>(tenantId);
        var ids = new List<string>();
        for (var attempt = 0; attempt < 120; attempt++)
        {
            ids.Clear();
            string? continuation = null;
            do
            {
                var page = await catalog.SearchAsync(new RecordingQuery { From = startedAt.AddSeconds(-1), PageSize = RecordingQuery.MaxPageSize, Continuation = continuation });
                ids.AddRange(page.Items.Where(i => i.Status == CallStatus.Sealed).Select(i => i.CallId));
                continuation = page.Continuation;
            }
            while (continuation is not null);
            if (ids.Count >= sessions)
            {
                break;
            }

            await Task.Delay(500);
        }

        var srsAfter = Cpu(srs);
        var siloAfter = Process.GetCurrentProcess().TotalProcessorTime;
        var after = await CountersAsync(web);
        var verified = 0;
        var failures = new Dictionary<string, int>(StringComparer.Ordinal);
        long mediaGaps = 0;
        var gapCauses = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            using var media = new MemoryStream();
            await grid.Playback.CopyToAsync(tenantId, id, media);
            var summary = await grid.Cluster.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, id)).GetSummaryAsync();
            mediaGaps += summary.MediaGaps.Count;
            foreach (var gap in summary.MediaGaps)
            {
                // The cause and where in the call (whole seconds), e.g. "silence-timeout@12s/140ms".
                var key = $"{gap.Cause}@{gap.FromMs / 1000}s/{(gap.ToMs - gap.FromMs) / 20 * 20}ms";
                gapCauses[key] = gapCauses.GetValueOrDefault(key) + 1;
            }

            var failure = Verify(media.ToArray(), payloads, duration);
            if (failure is null)
            {
                verified++;
            }
            else
            {
                failures[failure] = failures.GetValueOrDefault(failure) + 1;
            }
        }

        var callSeconds = sessions * duration.TotalSeconds;
        var lost = after.GetValueOrDefault("lost") - before.GetValueOrDefault("lost");
        var late = after.GetValueOrDefault("late") - before.GetValueOrDefault("late");
        var received = after.GetValueOrDefault("received") - before.GetValueOrDefault("received");
        var clean = result.Succeeded && ids.Count == sessions && verified == sessions && lost == 0 && late == 0;
        return new Dictionary<string, object?>
        {
            ["sessions"] = sessions,
            ["clean"] = clean,
            ["sippSucceeded"] = result.Succeeded,
            ["sippExitCode"] = result.ExitCode,
            ["sealed"] = ids.Count,
            ["verified"] = verified,
            ["rtpReceived"] = received,
            ["rtpLost"] = lost,
            ["rtpLate"] = late,
            ["mediaGapsReported"] = mediaGaps,
            ["verificationFailures"] = failures,
            ["mediaGapCauses"] = gapCauses.OrderByDescending(kv => kv.Value).Take(20).ToDictionary(kv => kv.Key, kv => kv.Value),
            ["seconds"] = Math.Round(elapsed.TotalSeconds, 1),
            ["srsCpuMsPerCallSecond"] = Math.Round(((srsAfter ?? TimeSpan.Zero) - (srsBefore ?? TimeSpan.Zero)).TotalMilliseconds / callSeconds, 3),
            ["siloCpuMsPerCallSecond"] = Math.Round((siloAfter - siloBefore).TotalMilliseconds / callSeconds, 3),
            ["sippCpuMsPerCallSecond"] = Math.Round(sippCpu.TotalMilliseconds / callSeconds, 3),
            ["sippErrors"] = result.Succeeded ? null : result.Errors.Length > 2000 ? result.Errors[^2000..] : result.Errors,
        };
    }

    /// <summary>Each channel: silence, then a prefix of its stream's payloads covering at least the call less 2 s; null when so, else why not.</summary>
    private static string? Verify(byte[] media, IReadOnlyList<byte[]>[] payloads, TimeSpan duration)
    {
        for (var channel = 0; channel < 2; channel++)
        {
            var samples = media.Where((_, i) => i % 2 == channel).ToArray();
            var sent = payloads[channel].SelectMany(p => p).ToArray();
            var first = Array.FindIndex(samples, b => b != AlawSilence);
            var last = Array.FindLastIndex(samples, b => b != AlawSilence);
            if (first < 0)
            {
                return "no media";
            }

            var body = samples.AsSpan(first, last - first + 1);
            if (!sent.AsSpan().StartsWith(body))
            {
                // Where the stored bytes first differ from the payloads sent, in 20 ms packets.
                var at = body.CommonPrefixLength(sent);
                return body[at] == AlawSilence ? "silence inside the media (a gap)" : "bytes differ";
            }

            if (body.Length < (duration.TotalSeconds - 2) * 8000)
            {
                return "media shorter than the call less 2 s";
            }
        }

        return null;
    }

    private static IReadOnlyList<byte[]> Payloads(int first, int seconds) =>
        [.. Enumerable.Range(0, seconds * 50).Select(k => Enumerable.Range(0, 160).Select(i => (byte)(((first + k + i) % 0x50) + 0x10)).ToArray())];

    private static Process StartSrs(Dictionary<string, string> environment)
    {
        var assembly = SrsAssembly();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(assembly)! };
        start.ArgumentList.Add(assembly);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line && (line.StartsWith("fail", StringComparison.Ordinal) || line.StartsWith("crit", StringComparison.Ordinal))) { Console.WriteLine("  srs: " + line); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) { Console.WriteLine("  srs: " + line); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string SrsAssembly()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var configuration in new[] { "Release", "Debug" })
            {
                var candidate = Path.Combine(dir.FullName, "silo", "Grid.Srs", "bin", configuration, "net10.0", "Grid.Srs.dll");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException("Grid.Srs.dll not found; build the solution first.");
    }

    private static async Task WaitReadyAsync(HttpClient web, Process srs)
    {
        for (var i = 0; i < 240; i++)
        {
            try
            {
                if ((await web.GetAsync("health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (srs.HasExited)
            {
                break;
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException("The SRS did not become ready.");
    }

    /// <summary>The SRS's RTP packet counters by outcome, from its Prometheus endpoint.</summary>
    private static async Task<Dictionary<string, long>> CountersAsync(HttpClient web)
    {
        var text = await web.GetStringAsync("metrics");
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (Match m in PacketLine().Matches(text))
        {
            counters[m.Groups[1].Value] = (long)double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        }

        return counters;
    }

    [GeneratedRegex("^grid_sip_rtp_packets_total\\{[^}]*outcome=\"([a-z]+)\"[^}]*\\} ([0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex PacketLine();

    private static TimeSpan? Cpu(Process process)
    {
        try
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static TimeSpan? Cpu(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Markdown(string runId, int callSeconds, int? highest, List<Dictionary<string, object?>> levels)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# SIPREC load {runId}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores; SIPp, the SRS, the silo and Azurite on the same machine. Calls of {callSeconds} s, two A-law streams (20 ms packets) each, started at a rate over a ramp up to the level's concurrency.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Highest clean level (no RTP lost or late at the SRS, every recording sealed and verified): **{(highest is { } h ? h.ToString(CultureInfo.InvariantCulture) : "none")}** concurrent sessions.");
        text.AppendLine();
        text.AppendLine("| sessions | clean | SIPp ok | sealed | verified | RTP received | lost | late | SRS CPU ms / call-s | silo CPU ms / call-s | SIPp CPU ms / call-s |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var l in levels)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {l["sessions"]} | {l["clean"]}{(l["verificationFailures"] is Dictionary<string, int> { Count: > 0 } f ? " (" + string.Join(", ", f.Select(kv => $"{kv.Value}: {kv.Key}")) + ")" : string.Empty)} | {l["sippSucceeded"]} | {l["sealed"]} | {l["verified"]} | {l["rtpReceived"]} | {l["rtpLost"]} | {l["rtpLate"]} | {l["srsCpuMsPerCallSecond"]} | {l["siloCpuMsPerCallSecond"]} | {l["sippCpuMsPerCallSecond"]} |");
        }

        return text.ToString();
    }
}
