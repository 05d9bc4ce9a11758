using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Grid.Calls;
using Grid.Client.Credentials;
using Grid.Security;
using HdrHistogram;

namespace Grid.LoadTest.Scenarios;

/// <summary>
/// Listeners during ingest (<c>--listen [listeners]</c>): one silo with the API on loopback (Azurite). First a few
/// sealed 5-minute G.711 stereo recordings to listen to; then two phases of the same ingest — <c>--listen-calls</c>
/// calls (default 200) recording at once in real time, a 1 s chunk (16,000 bytes) a second each, for
/// <c>--listen-seconds</c> (default 60) — first alone, then with the listeners. A listener (<c>--listen-pace
/// reviewer</c>, the default) is a person reviewing calls in a browser: it asks for 256 KiB (16 s of audio) where it
/// starts, the next 256 KiB 8 s later (listening at double speed, as reviewers do), and every third window seeks to
/// a random place of a random recording. <c>--listen-pace full</c> is a stress instead: 1 MiB ranges back to back, as
/// fast as the API serves them. Reported: the append latency (p50, p99,
/// max) of each phase, their p99 ratio (alone ÷ with listeners; the target is at least 0.9, i.e. listeners cost the
/// ingest at most about a tenth of its p99), and what the listeners got (requests, bytes, time to first byte).
/// </summary>
public static class ListenRun
{
    private const int ChunkBytes = 16_000;
    private const int WaveHeader = 58;
    private const int Recordings = 6;
    private const int RecordingSeconds = 300;
    private const int StressBytes = 1 << 20;
    private const int WindowBytes = 256 * 1024;
    private static readonly TimeSpan WindowEvery = TimeSpan.FromSeconds(8);

    public static async Task<int> RunAsync(LoadTestArguments settings, string runId)
    {
        await using var silo = await ApiSilo.StartAsync("listen");
        var tenantId = await silo.ProvisionAsync("listen", "Listener load");
        var recorder = silo.Issuer.Issue(tenantId, "listen-recorder", [GridRoles.Recorder]).Value;
        var analyst = silo.Issuer.Issue(tenantId, "listen-analyst", [GridRoles.Analyst]).Value;

        Console.WriteLine($"recording {Recordings} sealed recordings of {RecordingSeconds / 60} min to listen to ...");
        using (GridCredentials.Use(recorder))
        {
            for (var r = 0; r < Recordings; r++)
            {
                var call = silo.Grains.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, $"heard-{r}"));
                await call.StartAsync(Metadata());
                await Parallel.ForEachAsync(Enumerable.Range(0, RecordingSeconds), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) => await call.AppendAsync(i, Chunk(i)));
                await call.EndAsync();
            }
        }

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Listeners + 4 }) { BaseAddress = silo.Address, Timeout = TimeSpan.FromMinutes(5) };
        Console.WriteLine($"phase 1: {settings.ListenCalls} calls for {settings.ListenSeconds} s, no listener ...");
        var alone = await PhaseAsync(silo, tenantId, recorder, settings, "alone", listeners: 0, http, analyst);
        Console.WriteLine($"  {alone}");
        Console.WriteLine($"phase 2: the same with {settings.Listeners} listeners ...");
        var listened = await PhaseAsync(silo, tenantId, recorder, settings, "listened", settings.Listeners, http, analyst);
        Console.WriteLine($"  {listened}");

        var ratio = listened.P99Ms > 0 ? alone.P99Ms / listened.P99Ms : 0;
        var report = new Dictionary<string, object?>
        {
            ["runId"] = runId,
            ["cores"] = Environment.ProcessorCount,
            ["calls"] = settings.ListenCalls,
            ["seconds"] = settings.ListenSeconds,
            ["listeners"] = settings.Listeners,
            ["alone"] = alone,
            ["withListeners"] = listened,
            ["p99AloneOverWithListeners"] = Math.Round(ratio, 3),
        };
        Directory.CreateDirectory(settings.OutputDirectory);
        var output = Path.Combine(settings.OutputDirectory, $"listen-{runId}");
        await File.WriteAllTextAsync(output + ".json", JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        var markdown = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# {settings.Listeners} listeners ({(settings.ListenFullSpeed ? "full speed" : "reviewers")}) during a {settings.ListenCalls}-call ingest ({runId})")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores; one silo with the API, Azurite and the load on this machine. {settings.ListenCalls} calls record G.711 stereo in real time (a 16,000-byte chunk a second each) for {settings.ListenSeconds} s per phase; each listener reads {Recordings} sealed 5-minute recordings over HTTP, {(settings.ListenFullSpeed ? "1 MiB ranges at random places, back to back (a stress)" : "as a reviewer: 256 KiB (16 s of audio) every 8 s, a seek to a random place every third window")}. CPU: this process's (silo, API and load) and the Azurite process's, over the phase. Allocated per append: this process's managed allocations over the phase (silo, API, the load's own 16 KB chunks and the listeners' reads) ÷ appends.")
            .AppendLine()
            .AppendLine("| phase | appends | append p50 | append p99 | append max | errors | listener requests | served | listener TTFB p50 / p99 | CPU: this process / Azurite | allocated per append |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var phase in new[] { alone, listened })
        {
            markdown.AppendLine(CultureInfo.InvariantCulture, $"| {phase.Name} | {phase.Appends:N0} | {phase.P50Ms:0.0} ms | {phase.P99Ms:0.0} ms | {phase.MaxMs:0.0} ms | {phase.Errors} | {phase.ListenerRequests:N0} | {phase.ServedBytes / 1e6:N0} MB ({phase.ServedBytes / 1e6 / settings.ListenSeconds:N1} MB/s) | {phase.TtfbP50Ms:0.0} / {phase.TtfbP99Ms:0.0} ms | {phase.CpuSeconds:0.0} s / {phase.AzuriteCpuSeconds:0.0} s | {phase.AllocatedBytesPerAppend:N0} B |");
        }

        markdown.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Append p99 alone ÷ with listeners: **{ratio:0.00}** (target ≥ 0.9: listeners cost the ingest at most about a tenth of its p99).");
        await File.WriteAllTextAsync(output + ".md", markdown.ToString());
        Console.WriteLine(markdown);
        return alone.Errors + listened.Errors == 0 ? 0 : 1;
    }

    private static CallMetadata Metadata() => new()
    {
        Direction = CallDirection.Inbound,
        MediaType = "audio/PCMA;rate=8000;channels=2",
        Participants = [new Participant("customer", "+44 20 7946 0777", null)],
    };

    private static byte[] Chunk(int second)
    {
        var chunk = new byte[ChunkBytes];
        Array.Fill(chunk, (byte)(second % 251));
        return chunk;
    }

    private static async Task<Phase> PhaseAsync(ApiSilo silo, string tenantId, string recorder, LoadTestArguments settings, string name, int listeners, HttpClient http, string analyst)
    {
        var appends = new LongHistogram(TimeStamp.Seconds(120), 3);
        var ttfb = new LongHistogram(TimeStamp.Seconds(120), 3);
        var errors = 0;
        long served = 0;
        long requests = 0;
        using var stop = new CancellationTokenSource();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var azuriteCpu = silo.AzuriteCpu;
        var allocated = GC.GetTotalAllocatedBytes(precise: false);

        var rangeBytes = settings.ListenFullSpeed ? StressBytes : WindowBytes;
        async Task ListenAsync(int seed)
        {
            var random = new Random(seed);
            var buffer = new byte[64 * 1024];
            var recording = 0;
            long from = 0;
            for (var window = 0; !stop.IsCancellationRequested; window++)
            {
                var started = Stopwatch.GetTimestamp();
                if (settings.ListenFullSpeed || window % 3 == 0 || from + rangeBytes > WaveHeader + ((long)RecordingSeconds * ChunkBytes))
                {
                    recording = random.Next(Recordings);
                    from = WaveHeader + random.NextInt64(0, ((long)RecordingSeconds * ChunkBytes) - rangeBytes);
                }

                using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/heard-{recording}/media");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", analyst);
                request.Headers.Range = new RangeHeaderValue(from, from + rangeBytes - 1);
                from += rangeBytes;
                try
                {
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
                    await using var body = await response.Content.ReadAsStreamAsync(stop.Token);
                    long got = await body.ReadAsync(buffer, stop.Token);
                    lock (ttfb)
                    {
                        ttfb.RecordValue(Stopwatch.GetTimestamp() - started);
                    }

                    int read;
                    while ((read = await body.ReadAsync(buffer, stop.Token)) > 0)
                    {
                        got += read;
                    }

                    if ((int)response.StatusCode != 206 || got != rangeBytes)
                    {
                        Interlocked.Increment(ref errors);
                    }

                    Interlocked.Add(ref served, got);
                    Interlocked.Increment(ref requests);
                    var rest = WindowEvery - Stopwatch.GetElapsedTime(started);
                    if (!settings.ListenFullSpeed && rest > TimeSpan.Zero)
                    {
                        await Task.Delay(rest, stop.Token);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }

        async Task RecordAsync(int index)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(1000.0 * index / settings.ListenCalls));
            using var _ = GridCredentials.Use(recorder);
            var call = silo.Grains.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, $"{name}-{index}"));
            try
            {
                await call.StartAsync(Metadata());
                var start = Stopwatch.GetTimestamp();
                for (var second = 0; second < settings.ListenSeconds; second++)
                {
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), start + (second * Stopwatch.Frequency));
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait);
                    }

                    var sent = Stopwatch.GetTimestamp();
                    await call.AppendAsync(second, Chunk(second));
                    var took = Stopwatch.GetTimestamp() - sent;
                    lock (appends)
                    {
                        appends.RecordValue(took);
                    }
                }

                await call.EndAsync();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Interlocked.Increment(ref errors);
                Console.WriteLine($"  call {name}-{index}: {e.GetType().Name}: {e.Message}");
            }
        }

        var listening = Enumerable.Range(0, listeners).Select(i => Task.Run(() => ListenAsync(1_000 + i))).ToList();
        await Task.WhenAll(Enumerable.Range(0, settings.ListenCalls).Select(i => Task.Run(() => RecordAsync(i))));
        await stop.CancelAsync();
        await Task.WhenAll(listening);
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var azuriteSeconds = (silo.AzuriteCpu - azuriteCpu).TotalSeconds;
        var allocatedPerAppend = appends.TotalCount == 0 ? 0 : (GC.GetTotalAllocatedBytes(precise: false) - allocated) / appends.TotalCount;

        static double Ms(LongHistogram h, double percentile) => h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;
        return new Phase(name, appends.TotalCount, Ms(appends, 50), Ms(appends, 99), Ms(appends, 100), errors, requests, served, Ms(ttfb, 50), Ms(ttfb, 99), Math.Round(cpuSeconds, 1), Math.Round(azuriteSeconds, 1), allocatedPerAppend);
    }

    /// <summary>One phase's outcome.</summary>
    public sealed record Phase(string Name, long Appends, double P50Ms, double P99Ms, double MaxMs, int Errors, long ListenerRequests, long ServedBytes, double TtfbP50Ms, double TtfbP99Ms, double CpuSeconds, double AzuriteCpuSeconds, long AllocatedBytesPerAppend)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name}: {Appends:N0} appends, p50 {P50Ms:0.0} ms, p99 {P99Ms:0.0} ms, max {MaxMs:0.0} ms, {Errors} errors; {ListenerRequests:N0} listener requests, {ServedBytes / 1e6:N0} MB, TTFB p50 {TtfbP50Ms:0.0} ms, p99 {TtfbP99Ms:0.0} ms; CPU {CpuSeconds:0.0} s, Azurite {AzuriteCpuSeconds:0.0} s; {AllocatedBytesPerAppend:N0} B allocated per append");
    }
}
