using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Grid;
using Grid.Calls;
using Grid.LoadTest;
using Grid.LoadTest.Baselines;
using Grid.LoadTest.Report;
using Grid.LoadTest.Scenarios;
using HdrHistogram;

// The Grid's load test: see loadtest/README.md. Plain C# (NBomber is not available here), HdrHistogram percentiles.
var settings = LoadTestArguments.Parse(args);
var runId = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
Directory.CreateDirectory(settings.OutputDirectory);
Console.WriteLine($"Recording Grid load test {runId}: {Environment.ProcessorCount} cores, profile {settings.Profile.Name}, {settings.Chunk.TotalMilliseconds:0} ms chunks ({settings.Profile.ChunkBytes(settings.Chunk):N0} B)");

if (settings.CompareSecurity)
{
    return await SecurityComparison.RunAsync(settings, runId);
}

await using var grid = await LocalGrid.StartAsync();
var tenantId = await grid.ProvisionTenantAsync();
var chunkBytes = settings.Profile.ChunkBytes(settings.Chunk);
var report = new Dictionary<string, object?> { ["runId"] = runId, ["cores"] = Environment.ProcessorCount, ["profile"] = settings.Profile.Name, ["chunkBytes"] = chunkBytes };

// 1. Baselines in the same run, same payload, same storage, same silo.
Console.WriteLine("baselines ...");
const int workers = 16;
_ = await BaselineRunner.RawBlobStagingAsync(grid.Emulator.ConnectionString, workers, TimeSpan.FromSeconds(2), chunkBytes); // warm-up
var raw = await BaselineRunner.RawBlobStagingAsync(grid.Emulator.ConnectionString, workers, settings.BaselineDuration, chunkBytes);
var append = await BaselineRunner.GridAppendAsync(grid.Cluster, tenantId, workers, settings.BaselineDuration, chunkBytes);
var echo = await BaselineRunner.RunAsync("plain grain call, same payload", workers, settings.BaselineDuration, chunkBytes, (w, i, p) => grid.Cluster.GetGrain<IBaselineGrain>($"echo-{w}").EchoAsync(i, p));
var noStorage = await BaselineRunner.RunAsync("grid append path without storage", workers, settings.BaselineDuration, chunkBytes, (w, i, p) => grid.Cluster.GetGrain<IBaselineGrain>($"nostore-{w}").AppendWithoutStorageAsync(i, p));
var aesMicros = BaselineRunner.AesGcmMicroseconds(chunkBytes);
foreach (var t in new[] { raw, append, echo, noStorage })
{
    Console.WriteLine($"  {t.Name,-40} {t.OpsPerSecond,10:N0} ops/s {t.MegabytesPerSecond,8:N1} MB/s");
}

// Raw storage ceilings at larger write sizes (what a batched writer could get from this storage).
var ceilings = new List<object>();
foreach (var kilobytes in settings.RawBatchKilobytes)
{
    var ceiling = await BaselineRunner.RawBlobStagingAsync(grid.Emulator.ConnectionString, workers, settings.BaselineDuration, kilobytes * 1000);
    Console.WriteLine($"  raw StageBlock of {kilobytes} KB{"",-22} {ceiling.OpsPerSecond,10:N0} ops/s {ceiling.MegabytesPerSecond,8:N1} MB/s");
    ceilings.Add(new { kilobytes, ceiling.OpsPerSecond, ceiling.MegabytesPerSecond });
}

foreach (var kilobytes in settings.RawAppendKilobytes)
{
    foreach (var writers in new[] { 2, 16 })
    {
        var ceiling = await BaselineRunner.RawAppendAsync(grid.Emulator.ConnectionString, writers, settings.BaselineDuration, kilobytes * 1000);
        Console.WriteLine($"  raw AppendBlock of {kilobytes} KB, {writers} writers{"",-10} {ceiling.OpsPerSecond,10:N0} ops/s {ceiling.MegabytesPerSecond,8:N1} MB/s");
        ceilings.Add(new { kilobytes, writers, append = true, ceiling.OpsPerSecond, ceiling.MegabytesPerSecond });
    }
}

report["rawCeilings"] = ceilings;
report["baselines"] = new { raw, append, echo, noStorage, aesGcmMicrosPerChunk = aesMicros, ingestVsRaw = append.OpsPerSecond / raw.OpsPerSecond, appendWithoutStorageVsPlainCall = noStorage.OpsPerSecond / echo.OpsPerSecond };

// 2. Memory per active call grain.
var memoryPerCall = await MeasureMemoryPerCallAsync(grid, tenantId, 300);
Console.WriteLine($"  memory per active call grain: {memoryPerCall / 1024.0:N1} KiB");
report["memoryPerActiveCallBytes"] = memoryPerCall;

// 3. A burst of starts (optional): many calls starting within seconds.
if (settings.Burst > 0)
{
    Console.WriteLine($"burst: {settings.Burst} calls starting within {settings.BurstWithin.TotalSeconds:0} s, {settings.Duration.TotalSeconds:0} s each ...");
    var burst = await new RealtimeCallLoad(grid.Recorder, grid.Playback).RunAsync(new LoadOptions
    {
        TenantId = tenantId,
        Schedule = CallSchedule.Ramp(settings.Burst, settings.Duration, settings.BurstWithin),
        ChunkDuration = settings.Chunk,
        Profile = settings.Profile,
    });
    Console.WriteLine($"  started {burst.Calls.Count(c => c.Error is null)}/{settings.Burst}; start p50 {burst.StartPercentileMs(50):N0} ms p99 {burst.StartPercentileMs(99):N0} ms max {burst.StartLatencyMicros!.GetMaxValue() / 1000.0:N0} ms; ack p99 {burst.PercentileMs(99):N1} ms; failed {burst.Failed}, lost {burst.LostChunks}, verified {burst.Verified}");
    report["burst"] = new
    {
        calls = settings.Burst,
        withinSeconds = settings.BurstWithin.TotalSeconds,
        started = burst.Calls.Count(c => c.Error is null),
        startP50Ms = burst.StartPercentileMs(50),
        startP99Ms = burst.StartPercentileMs(99),
        startMaxMs = burst.StartLatencyMicros!.GetMaxValue() / 1000.0,
        ackP99Ms = burst.PercentileMs(99),
        failed = burst.Failed,
        lostChunks = burst.LostChunks,
        verified = burst.Verified,
    };
}

// 4. Real-time load (or find the limit).
var levels = new List<object>();
LoadResult? last = null;
var sustained = 0;
var level = settings.Calls;
while (true)
{
    Console.WriteLine(settings.Poisson
        ? $"real-time load: Poisson arrivals for {level} concurrent calls on average (mean duration {settings.MeanDuration.TotalSeconds:0} s) over {settings.Duration.TotalSeconds:0} s ..."
        : $"real-time load: {level} concurrent calls for {settings.Duration.TotalSeconds:0} s{(settings.Churn ? " with churn" : string.Empty)} ...");
    var (result, playbackMbps) = await RunLevelAsync(grid, tenantId, settings, level);
    last = result;
    var ok = result.Failed == 0 && result.LostChunks == 0 && result.Verified == result.Calls.Count && result.PercentileMs(99) <= settings.P99BoundMs;
    var steady = settings.Poisson ? CallSchedule.MeanConcurrency(result.Schedule, settings.MeanDuration, settings.Duration) : level;
    var acksPerSecond = result.AckedChunks / result.Elapsed.TotalSeconds;
    Console.WriteLine($"  p50 {result.PercentileMs(50):N1} ms  p95 {result.PercentileMs(95):N1} ms  p99 {result.PercentileMs(99):N1} ms  max {result.AckLatencyMicros.GetMaxValue() / 1000.0:N1} ms | {acksPerSecond:N0} chunks/s, {result.SentBytes / result.Elapsed.TotalSeconds / 1e6:N2} MB/s | failed {result.Failed}, lost {result.LostChunks}, verified {result.Verified}/{result.Calls.Count}{(settings.PlaybackMix > 0 ? $" | playback {playbackMbps * 1000:N0} KB/s" : string.Empty)} | starts p99 {result.StartPercentileMs(99):N0} ms{(settings.Poisson ? $" | {result.Calls.Count} calls, steady-state mean {steady:N0} concurrent" : string.Empty)} -> {(ok ? "sustained" : "NOT sustained")}");
    levels.Add(new
    {
        calls = level,
        steadyStateConcurrency = steady,
        callsStarted = result.Calls.Count,
        startP99Ms = result.StartPercentileMs(99),
        ok,
        p50Ms = result.PercentileMs(50),
        p95Ms = result.PercentileMs(95),
        p99Ms = result.PercentileMs(99),
        maxMs = result.AckLatencyMicros.GetMaxValue() / 1000.0,
        chunksPerSecond = acksPerSecond,
        megabytesPerSecond = result.SentBytes / result.Elapsed.TotalSeconds / 1e6,
        failed = result.Failed,
        lostChunks = result.LostChunks,
        verified = result.Verified,
        playbackMegabytesPerSecond = playbackMbps,
    });
    if (ok)
    {
        sustained = Math.Max(sustained, level);
    }

    if (!settings.FindLimit || !ok || level >= settings.MaxCalls)
    {
        break;
    }

    level = Math.Min(settings.MaxCalls, (int)Math.Ceiling(level * 1.5));
}

report["levels"] = levels;
report["highestSustainedCalls"] = sustained;
report["callsPerCore"] = sustained / (double)Environment.ProcessorCount;
report["encryptionShareOfAppend"] = last is null || last.PercentileMs(50) == 0 ? null : aesMicros / 1000 / last.PercentileMs(50);

var series = last is null ? [] : last.Acks.GroupBy(a => (int)a.At.TotalSeconds).OrderBy(g => g.Key).Select(g =>
{
    var h = new LongHistogram(TimeStamp.Seconds(120), 3);
    foreach (var (_, micros) in g)
    {
        h.RecordValue(micros);
    }

    return ((double)g.Key, h.GetValueAtPercentile(50) / 1000.0, h.GetValueAtPercentile(99) / 1000.0);
}).ToList();

var baseName = Path.Combine(settings.OutputDirectory, $"load-{runId}");
await File.WriteAllTextAsync(baseName + ".json", JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
await File.WriteAllTextAsync(baseName + ".svg", LatencyChart.Svg(series, $"Append ack latency, {levels.Count} level(s), last: {(levels.Count == 0 ? 0 : level)} calls"));
await File.WriteAllTextAsync(baseName + ".md", Markdown(report, raw, append, echo, noStorage, aesMicros, Path.GetFileName(baseName + ".svg")));
Console.WriteLine($"report: {baseName}.md (+ .json, .svg)");
Console.WriteLine($"highest sustained: {sustained} concurrent calls ({sustained / (double)Environment.ProcessorCount:N0} per core, p99 <= {settings.P99BoundMs} ms, nothing lost)");
return sustained > 0 ? 0 : 1;

static async Task<(LoadResult Result, double PlaybackMbps)> RunLevelAsync(LocalGrid grid, string tenantId, LoadTestArguments settings, int calls)
{
    var load = new RealtimeCallLoad(grid.Recorder, grid.Playback);
    var options = new LoadOptions
    {
        TenantId = tenantId,
        Schedule = settings.Poisson ? CallSchedule.Poisson(calls, settings.MeanDuration, settings.Duration, settings.Chunk, seed: calls) : null,
        Calls = settings.Churn ? calls * 3 : calls,
        CallDuration = settings.Churn ? settings.Duration / 3 : settings.Duration,
        ChunkDuration = settings.Chunk,
        RampUp = settings.Churn ? settings.Duration * 2 / 3 : TimeSpan.FromSeconds(Math.Min(5, settings.Duration.TotalSeconds / 4)),
        Profile = settings.Profile,
    };
    using var cancel = new CancellationTokenSource();
    var playback = settings.PlaybackMix > 0 ? PlaybackMixAsync(grid, tenantId, settings, cancel.Token) : Task.FromResult(0.0);
    var progress = ProgressAsync(cancel.Token);
    var result = await load.RunAsync(options);
    await cancel.CancelAsync();
    await progress;
    return (result, await playback);
}

static async Task ProgressAsync(CancellationToken cancellationToken)
{
    var clock = Stopwatch.StartNew();
    try
    {
        while (true)
        {
            await Task.Delay(5000, cancellationToken);
            Console.WriteLine($"    ... {clock.Elapsed.TotalSeconds:0} s");
        }
    }
    catch (OperationCanceledException)
    {
    }
}

// Reads sealed recordings back in a loop while the load runs: a fraction of the ingest rate as playback.
static async Task<double> PlaybackMixAsync(LocalGrid grid, string tenantId, LoadTestArguments settings, CancellationToken cancellationToken)
{
    var seed = new RealtimeCallLoad(grid.Recorder, grid.Playback);
    var sample = await seed.RunAsync(new LoadOptions { TenantId = tenantId, Calls = 4, CallDuration = TimeSpan.FromSeconds(2), RampUp = TimeSpan.Zero, Profile = settings.Profile, Verify = false }, cancellationToken);
    long bytes = 0;
    var clock = Stopwatch.StartNew();
    try
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var call in sample.Calls)
            {
                await foreach (var chunk in grid.Playback.ReadAsync(tenantId, call.CallId, cancellationToken))
                {
                    bytes += chunk.Length;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(1000 * (1 - Math.Clamp(settings.PlaybackMix, 0, 1))), cancellationToken);
        }
    }
    catch (OperationCanceledException)
    {
    }

    return bytes / clock.Elapsed.TotalSeconds / 1e6;
}

static async Task<long> MeasureMemoryPerCallAsync(LocalGrid grid, string tenantId, int calls)
{
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    var before = GC.GetTotalMemory(forceFullCollection: true);
    var grains = new List<ICallGrain>();
    for (var i = 0; i < calls; i++)
    {
        var call = grid.Cluster.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, $"mem-{i:D5}-{Guid.NewGuid():N}"[..30]));
        await call.StartAsync(new CallMetadata());
        await call.AppendAsync(0, new byte[16]);
        grains.Add(call);
    }

    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    var after = GC.GetTotalMemory(forceFullCollection: true);
    await Parallel.ForEachAsync(grains, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (g, _) => await g.EndAsync());
    return (after - before) / calls;
}

static string Markdown(Dictionary<string, object?> report, BaselineRunner.Throughput raw, BaselineRunner.Throughput append, BaselineRunner.Throughput echo, BaselineRunner.Throughput noStorage, double aesMicros, string chart)
{
    var md = new StringBuilder();
    md.AppendLine(CultureInfo.InvariantCulture, $"# Load test {report["runId"]}");
    md.AppendLine();
    md.AppendLine(CultureInfo.InvariantCulture, $"{report["cores"]} cores; profile {report["profile"]}, {report["chunkBytes"]} B chunks. Silo, Azurite and load generator share the machine.");
    md.AppendLine();
    md.AppendLine("| baseline (same run, 16 workers) | ops/s | MB/s |");
    md.AppendLine("|---|---:|---:|");
    foreach (var t in new[] { raw, append, echo, noStorage })
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"| {t.Name} | {t.OpsPerSecond:N0} | {t.MegabytesPerSecond:N2} |");
    }

    md.AppendLine();
    md.AppendLine(CultureInfo.InvariantCulture, $"- grid ingest / raw blob staging: **{append.OpsPerSecond / raw.OpsPerSecond:N2}** (target ≥ 0.7)");
    md.AppendLine(CultureInfo.InvariantCulture, $"- grid append without storage / plain grain call: **{noStorage.OpsPerSecond / echo.OpsPerSecond:N2}** (target ≥ 0.8)");
    md.AppendLine(CultureInfo.InvariantCulture, $"- raw AES-256-GCM per chunk: {aesMicros:N2} µs; share of the p50 append latency: **{report["encryptionShareOfAppend"]:P2}** (target ≤ 5 %)");
    md.AppendLine(CultureInfo.InvariantCulture, $"- memory per active call grain: {(long)report["memoryPerActiveCallBytes"]! / 1024.0:N1} KiB");
    md.AppendLine();
    md.AppendLine("| concurrent calls | p50 ms | p95 ms | p99 ms | max ms | chunks/s | MB/s | failed | lost | verified | sustained |");
    md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    foreach (dynamic l in (List<object>)report["levels"]!)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"| {l.calls} | {l.p50Ms:N1} | {l.p95Ms:N1} | {l.p99Ms:N1} | {l.maxMs:N1} | {l.chunksPerSecond:N0} | {l.megabytesPerSecond:N2} | {l.failed} | {l.lostChunks} | {l.verified} | {(l.ok ? "yes" : "no")} |");
    }

    md.AppendLine();
    md.AppendLine(CultureInfo.InvariantCulture, $"Highest sustained: **{report["highestSustainedCalls"]}** concurrent calls ({report["callsPerCore"]:N0} per core).");
    md.AppendLine();
    md.AppendLine(CultureInfo.InvariantCulture, $"![ack latency over time]({chart})");
    return md.ToString();
}
