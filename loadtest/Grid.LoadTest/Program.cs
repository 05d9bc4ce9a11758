using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Grid;
using Grid.Calls;
using Grid.LoadTest;
using Grid.LoadTest.Baselines;
using Grid.LoadTest.Report;
using Grid.LoadTest.Scenarios;
using Grid.Testing.Load;

// The Grid's load test: see loadtest/README.md. Plain C# (NBomber is not available here), HdrHistogram percentiles.
if (args is ["generate", var specPath, var resultPath])
{
    return await Generator.RunAsync(specPath, resultPath);
}

LoadTestArguments settings;
try
{
    settings = LoadTestArguments.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"loadtest: {e.Message}");
    return 2;
}

var runId = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
Directory.CreateDirectory(settings.OutputDirectory);
Console.WriteLine($"Recording Grid load test {runId}: {Environment.ProcessorCount} cores, profile {settings.Profile.Name}, {settings.Chunk.TotalMilliseconds:0} ms chunks ({settings.Profile.ChunkBytes(settings.Chunk):N0} B)");

if (settings.ConsoleRecordings > 0)
{
    return await ConsolePages.RunAsync(settings, runId);
}

if (settings.Listeners > 0)
{
    return await ListenRun.RunAsync(settings, runId);
}

if (settings.SeekMinutes > 0)
{
    return await SeekRun.RunAsync(settings, runId);
}

if (settings.Siprec)
{
    return await SiprecLoad.RunAsync(settings, runId);
}

if (settings.CompareSecurity)
{
    return await SecurityComparison.RunAsync(settings, runId);
}

await using var grid = await LocalGrid.StartAsync(configure: s =>
{
    if (settings.Lanes is { } lanes)
    {
        s["Grid:Storage:Log:Lanes"] = lanes.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    if (settings.Linger is { } linger)
    {
        s["Grid:Storage:Log:Linger"] = linger.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
    }

    s["Grid:Storage:Log:AdaptiveLinger"] = settings.FixedLinger ? "false" : "true";
}, siloCount: settings.Silos);
var tenantId = await grid.ProvisionTenantAsync();
var chunkBytes = settings.Profile.ChunkBytes(settings.Chunk);
var report = new Dictionary<string, object?> { ["runId"] = runId, ["cores"] = Environment.ProcessorCount, ["profile"] = settings.Profile.Name, ["chunkBytes"] = chunkBytes, ["silos"] = grid.SiloCount };

// 1. Memory per active call grain (first, before the baselines leave garbage and idle activations behind).
var memoryPerCall = await MeasureMemoryPerCallAsync(grid, tenantId, 1000);
Console.WriteLine($"  memory per active call grain: {memoryPerCall / 1024.0:N1} KiB");
report["memoryPerActiveCallBytes"] = memoryPerCall;

// 2. Baselines in the same run, same payload, same storage, same silo.
Console.WriteLine("baselines ...");
const int workers = 16;
_ = await BaselineRunner.RawBlobStagingAsync(grid.Emulator.ConnectionString, workers, TimeSpan.FromSeconds(2), chunkBytes); // warm-up
var raw = await BaselineRunner.RawBlobStagingAsync(grid.Emulator.ConnectionString, workers, settings.BaselineDuration, chunkBytes);
using var meter = new StorageMeter();
var beforeAppend = meter.Now();
var append = await BaselineRunner.GridAppendAsync(grid.Cluster, tenantId, settings.IngestWorkers, settings.BaselineDuration, chunkBytes);
var appendBatches = meter.Now() - beforeAppend;
var rawAtBatch = await BaselineRunner.RawAppendAsync(grid.Emulator.ConnectionString, grid.LogLanes, settings.BaselineDuration, Math.Max(chunkBytes, (int)appendBatches.MeanBatchBytes));
Console.WriteLine($"  grid append with {settings.IngestWorkers} calls as fast as they go: mean batch {appendBatches.MeanBatchBytes / 1000:N0} KB ({appendBatches.MeanBatchFrames:N1} frames)");
Console.WriteLine($"  raw AppendBlock at that batch size, {grid.LogLanes} writers: {rawAtBatch.MegabytesPerSecond:N1} MB/s; grid ingest / raw = {append.MegabytesPerSecond / rawAtBatch.MegabytesPerSecond:N2}");
var echo = await BaselineRunner.RunAsync("plain grain call inside the silo, same payload", workers, settings.BaselineDuration, chunkBytes, (w, i, p) => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IGrainFactory>(grid.SiloServices).GetGrain<IBaselineGrain>($"echo-{w}").EchoAsync(i, p));
var noStorage = await BaselineRunner.RunAsync("grid append path without storage", workers, settings.BaselineDuration, chunkBytes, (w, i, p) => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IGrainFactory>(grid.SiloServices).GetGrain<IBaselineGrain>($"nostore-{w}").AppendWithoutStorageAsync(i, p));
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
report["baselines"] = new
{
    raw,
    append,
    echo,
    noStorage,
    rawAtBatch,
    ingestWorkers = settings.IngestWorkers,
    meanBatchBytes = appendBatches.MeanBatchBytes,
    meanBatchFrames = appendBatches.MeanBatchFrames,
    aesGcmMicrosPerChunk = aesMicros,
    ingestVsRawAtBatchSize = append.MegabytesPerSecond / rawAtBatch.MegabytesPerSecond,
    appendWithoutStorageVsPlainCall = noStorage.OpsPerSecond / echo.OpsPerSecond,
};


// 3. A burst of starts (optional): many calls starting within seconds.
if (settings.Burst > 0)
{
    Console.WriteLine($"burst: {settings.Burst} calls starting within {settings.BurstWithin.TotalSeconds:0} s, {settings.Duration.TotalSeconds:0} s each ...");
    var burstMeasured = await RunLevelAsync(grid, meter, tenantId, settings, settings.Burst, burst: true);
    var burst = burstMeasured.Outcome;
    Console.WriteLine($"  started {burst.Calls - burst.Failed}/{settings.Burst}; start p50 {burst.StartP50Ms:N0} ms p99 {burst.StartP99Ms:N0} ms max {burst.StartMaxMs:N0} ms; ack p99 {burst.P99Ms:N1} ms; failed {burst.Failed} ({burst.FirstError ?? "-"}), lost {burst.LostChunks}, verified {burst.Verified}");
    report["burst"] = new { calls = settings.Burst, withinSeconds = settings.BurstWithin.TotalSeconds, burst, burstMeasured.Host };
}

// 4. Real-time load (or find the limit).
var levels = new List<object>();
var series = new List<(double, double, double)>();
var sustained = 0;
var sustainedSteady = 0.0;
var level = settings.Calls;
while (true)
{
    Console.WriteLine(settings.Poisson
        ? $"real-time load: Poisson arrivals for {level} concurrent calls on average (mean duration {settings.MeanDuration.TotalSeconds:0} s) over {settings.Duration.TotalSeconds:0} s ..."
        : $"real-time load: {level} concurrent calls for {settings.Duration.TotalSeconds:0} s{(settings.Churn ? " with churn" : string.Empty)} ...");
    var (outcome, host) = await RunLevelAsync(grid, meter, tenantId, settings, level, burst: false);
    // A level whose steady state could not be measured (no call in progress over the window) is not a result.
    var measurable = outcome.SteadyStateConcurrency > 0;
    var ok = measurable && outcome.Sustained(settings.P99BoundMs);
    if (!measurable)
    {
        Console.WriteLine("  steady state not measurable at this level (no call in progress over the measured window): level refused, not reported as sustained");
    }

    Console.WriteLine($"  p50 {outcome.P50Ms:N1} ms  p95 {outcome.P95Ms:N1} ms  p99 {outcome.P99Ms:N1} ms  max {outcome.MaxMs:N1} ms | {outcome.AckedChunks / outcome.LoadSeconds:N0} chunks/s, {outcome.SentBytes / outcome.LoadSeconds / 1e6:N2} MB/s | failed {outcome.Failed} ({outcome.FirstError ?? "-"}), lost {outcome.LostChunks}, verified {outcome.Verified}/{outcome.Calls} | starts p99 {outcome.StartP99Ms:N0} ms | {outcome.Calls} calls, steady-state {outcome.SteadyStateConcurrency:N0} concurrent -> {(ok ? "sustained" : "NOT sustained")}");
    Console.WriteLine($"  storage: {host.RequestsPerCallMinuteBeyondIdle:N2} requests per call-minute beyond the idle {host.IdleRequestsPerSecond:N0}/s; all: {host.RequestsPerCallMinute:N2} (blob {host.BlobRequestsPerCallMinute:N2} of which log appends {host.LogAppendsPerCallMinute:N2}, queue {host.QueueRequestsPerCallMinute:N2}, table {host.TableRequestsPerCallMinute:N2}), {host.BytesWrittenPerMediaByte:N3} bytes written per media byte, mean batch {host.MeanBatchBytes / 1000:N0} KB ({host.MeanBatchFrames:N1} frames) | CPU: silo {host.SiloCpuShare:P0}, Azurite {host.AzuriteCpuShare:P0}, generator {host.GeneratorCpuShare:P0} of the machine; silo {host.SiloCpuMillisPerCallSecond:N2} ms CPU per call-second; beyond idle (silo {host.IdleCpuShare[0]:P0}, Azurite {host.IdleCpuShare[1]:P0}): silo/Azurite/generator/all {string.Join(" / ", host.CpuMillisPerCallSecondBeyondIdle.Select(v => v.ToString("N2", CultureInfo.InvariantCulture)))} ms per call-second | in the grain p50/p99 {host.GrainAppendMs[0]:N1}/{host.GrainAppendMs[1]:N1} ms, group commit {host.FrameMs[0]:N1}/{host.FrameMs[1]:N1} ms, storage append {host.LogAppendMs[0]:N1}/{host.LogAppendMs[1]:N1} ms");
    if (host.SteadyState is { } steadyState)
    {
        Console.WriteLine($"  steady-state window ({settings.MeanDuration.TotalSeconds:0}-{settings.Duration.TotalSeconds:0} s, {host.WindowCallSeconds / 60:N0} call-minutes): ack p50/p99 {string.Join("/", outcome.SteadyStateMs.Select(v => v.ToString("N1", CultureInfo.InvariantCulture)))} ms | {steadyState.RequestsPerCallMinuteBeyondIdle:N2} storage requests per call-minute beyond idle (log appends {steadyState.LogAppendsPerCallMinute:N2}, mean batch {steadyState.MeanBatchFrames:N1} frames) | silo CPU {steadyState.SiloCpuMillisPerCallSecond:N2} ms per call-second, {steadyState.CpuMillisPerCallSecondBeyondIdle[0]:N2} beyond idle; Azurite {steadyState.CpuMillisPerCallSecondBeyondIdle[1]:N2} | silo process allocated {steadyState.AllocatedBytesPerChunk / 1024:N1} KiB per chunk | by operation: {string.Join(", ", steadyState.RequestsByOperation.Take(14).Select(o => $"{o.Key} {o.Value:N2}"))}");
    }

    if (host.CallsBySilo.Count > 0)
    {
        Console.WriteLine($"  calls placed by silo: {string.Join(", ", host.CallsBySilo.Select(c => $"{c.Key} {c.Value}"))}");
    }

    Console.WriteLine($"  silo process allocated {host.AllocatedBytesPerChunk / 1024:N1} KiB per chunk acknowledged | requests per call-minute by operation (beyond idle): {string.Join(", ", host.RequestsByOperation.Take(14).Select(o => $"{o.Key} {o.Value:N2}"))}");
    levels.Add(new { calls = level, ok, outcome = outcome with { Series = [] }, host });
    series = [.. outcome.Series.Select(p => (p[0], p[1], p[2]))];
    if (ok)
    {
        sustained = Math.Max(sustained, level);
        sustainedSteady = Math.Max(sustainedSteady, outcome.SteadyStateConcurrency);
    }

    if (!settings.FindLimit || !ok || level >= settings.MaxCalls)
    {
        break;
    }

    level = Math.Min(settings.MaxCalls, (int)Math.Ceiling(level * settings.Step));
}

report["levels"] = levels;

// 5. Compaction, reported apart from the hot path (optional).
if (settings.Compaction)
{
    Console.WriteLine("compaction: every other recording of the run deleted, then two collections with no grace ...");
    var compaction = await CompactionRun.MeasureAsync(grid.SiloServices, grid.Emulator.ConnectionString, tenantId);
    Console.WriteLine($"  {compaction.Deleted} of {compaction.Recordings} recordings deleted; {compaction.SegmentsBefore} segments ({compaction.LogBytesBefore / 1e6:N1} MB) -> {compaction.SegmentsAfter} ({compaction.LogBytesAfter / 1e6:N1} MB): {compaction.SegmentsCompacted} compacted, {compaction.SegmentsDeleted} deleted, {compaction.BytesCopied / 1e6:N1} MB copied in {compaction.Seconds:N1} s ({compaction.CopyMegabytesPerSecond:N1} MB/s), {compaction.BytesCopiedPerLiveByte:N2} bytes copied per byte kept");
    report["compaction"] = compaction;
}
report["highestSustainedLevel"] = sustained;
report["highestSustainedSteadyStateConcurrency"] = sustainedSteady;
report["callsPerCore"] = sustainedSteady / Environment.ProcessorCount;

var baseName = Path.Combine(settings.OutputDirectory, $"load-{runId}");
await File.WriteAllTextAsync(baseName + ".json", JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
await File.WriteAllTextAsync(baseName + ".svg", LatencyChart.Svg(series, $"Append ack latency, {levels.Count} level(s), last: {(levels.Count == 0 ? 0 : level)} calls"));
await File.WriteAllTextAsync(baseName + ".md", LoadReport.Markdown(report, [raw, append, echo, noStorage, rawAtBatch], Path.GetFileName(baseName + ".svg")));
Console.WriteLine($"report: {baseName}.md (+ .json, .svg)");
Console.WriteLine($"highest sustained: {sustainedSteady:N0} concurrent calls in steady state ({sustainedSteady / Environment.ProcessorCount:N0} per core, p99 <= {settings.P99BoundMs} ms, nothing lost)");
return sustained > 0 ? 0 : 1;

static async Task<(LevelOutcome Outcome, HostMeasurements Host)> RunLevelAsync(LocalGrid grid, StorageMeter meter, string tenantId, LoadTestArguments settings, int calls, bool burst)
{
    var spec = new GeneratorSpec
    {
        ClusterId = grid.ClusterId,
        ServiceId = LocalGrid.ServiceId,
        StorageConnectionString = grid.Emulator.ConnectionString,
        SecurityFolder = grid.SecurityFolder,
        Secure = grid.Secure,
        TenantId = tenantId,
        Level = calls,
        Poisson = settings.Poisson,
        Churn = settings.Churn,
        MeanDurationSeconds = settings.MeanDuration.TotalSeconds,
        LongestCallSeconds = settings.LongestCall?.TotalSeconds ?? 0,
        DurationSeconds = settings.Duration.TotalSeconds,
        ChunkMilliseconds = settings.Chunk.TotalMilliseconds,
        Profile = settings.Profile.Name,
        Burst = burst ? calls : 0,
        BurstWithinSeconds = settings.BurstWithin.TotalSeconds,
        PhaseFolder = Path.Combine(Path.GetTempPath(), "grid-gen-" + Guid.NewGuid().ToString("N")[..8]),
    };
    using var cancel = new CancellationTokenSource();
    var playback = settings.PlaybackMix > 0 ? PlaybackMixAsync(grid, tenantId, settings, cancel.Token) : Task.FromResult(0.0);
    var progress = ProgressAsync(cancel.Token);
    // The event-stream pollers read their queues whether or not calls run: measured idle, reported apart.
    var idleBefore = meter.Now();
    var idleCpu = HostMeasurements.CpuNow(grid.AzuritePid);
    var idleClock = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(3));
    var idle = meter.Now() - idleBefore;
    var idleSeconds = idleClock.Elapsed.TotalSeconds;
    var idleRate = idle.Requests / idleSeconds;
    var idleCpuAfter = HostMeasurements.CpuNow(grid.AzuritePid);
    var idleMachine = idleClock.Elapsed.TotalSeconds * Environment.ProcessorCount;
    var (siloIdle, azuriteIdle) = ((idleCpuAfter.Silo - idleCpu.Silo).TotalSeconds / idleMachine, (idleCpuAfter.Azurite - idleCpu.Azurite).TotalSeconds / idleMachine);
    var activationsBefore = grid.SiloCount > 1 ? await grid.CallActivationsBySiloAsync() : null;
    var generator = Generator.RunLevelAsync(spec, CancellationToken.None);
    await Generator.WaitForPhaseAsync(spec, "started", generator);
    // Poisson arrivals: the host also measures the steady-state window alone (one mean duration after the first start
    // to the end of arrivals), where the level's concurrency holds.
    var window = settings.Poisson ? MeasureWindowAsync(meter, grid.AzuritePid, settings.MeanDuration, settings.Duration) : null;
    var before = meter.Now();
    meter.ResetLatencies();
    var cpu = HostMeasurements.CpuNow(grid.AzuritePid);
    var clock = Stopwatch.StartNew();
    await Generator.WaitForPhaseAsync(spec, "loaded", generator);
    var storage = meter.Now() - before;
    var cpuAfter = HostMeasurements.CpuNow(grid.AzuritePid);
    var elapsed = clock.Elapsed;
    var outcome = await generator;
    static double[] Percentiles(HdrHistogram.HistogramBase h) => h.TotalCount == 0 ? [0, 0] : [h.GetValueAtPercentile(50) / 1000.0, h.GetValueAtPercentile(99) / 1000.0];
    var host = HostMeasurements.Of(storage, cpu, cpuAfter, elapsed, outcome) with
    {
        IdleRequestsPerSecond = idleRate,
        LogAppendMs = Percentiles(meter.LogAppendMicros),
        GrainAppendMs = Percentiles(meter.GrainAppendMicros),
        FrameMs = Percentiles(meter.FrameMicros),
    };
    host = host.WithIdle(siloIdle, azuriteIdle, elapsed, outcome).WithOperations(storage, idle, idleSeconds, elapsed, outcome) with { RequestsPerCallMinuteBeyondIdle = outcome.CallSeconds == 0 ? 0 : (storage.Requests - (idleRate * elapsed.TotalSeconds)) / (outcome.CallSeconds / 60) };
    if (window is not null)
    {
        var (windowStorage, windowCpu, windowCpuAfter, windowElapsed) = await window;
        var schedule = spec.ToLoadOptions().Schedule!;
        var callSeconds = Grid.Testing.Load.CallSchedule.MeanConcurrency(schedule, settings.MeanDuration, settings.Duration) * (settings.Duration - settings.MeanDuration).TotalSeconds;
        var chunks = (long)(callSeconds / settings.Chunk.TotalSeconds);
        var windowOutcome = outcome with { CallSeconds = callSeconds, AckedChunks = chunks, SentBytes = chunks * settings.Profile.ChunkBytes(settings.Chunk), GeneratorCpuSeconds = 0 };
        var steady = HostMeasurements.Of(windowStorage, windowCpu, windowCpuAfter, windowElapsed, windowOutcome)
            .WithIdle(siloIdle, azuriteIdle, windowElapsed, windowOutcome)
            .WithOperations(windowStorage, idle, idleSeconds, windowElapsed, windowOutcome);
        host = host with
        {
            WindowCallSeconds = callSeconds,
            SteadyState = steady with { IdleRequestsPerSecond = idleRate, RequestsPerCallMinuteBeyondIdle = callSeconds == 0 ? 0 : (windowStorage.Requests - (idleRate * windowElapsed.TotalSeconds)) / (callSeconds / 60) },
        };
    }

    if (activationsBefore is not null)
    {
        // Calls this level placed on each silo: call-grain activations after the level less those before it.
        var after = await grid.CallActivationsBySiloAsync();
        host = host with { CallsBySilo = after.ToDictionary(a => a.Key, a => a.Value - activationsBefore.GetValueOrDefault(a.Key), StringComparer.Ordinal) };
    }

    await cancel.CancelAsync();
    await progress;
    return (outcome, host with { PlaybackMegabytesPerSecond = await playback });
}

// The storage meter and the CPU over the steady-state window of a Poisson level: from one mean duration after the
// first start to the end of arrivals.
static async Task<(StorageMeter.Snapshot Storage, (TimeSpan Silo, TimeSpan Azurite) Cpu, (TimeSpan Silo, TimeSpan Azurite) CpuAfter, TimeSpan Elapsed)> MeasureWindowAsync(StorageMeter meter, int azuritePid, TimeSpan from, TimeSpan to)
{
    var clock = Stopwatch.StartNew();
    await Task.Delay(from);
    var before = meter.Now();
    var cpu = HostMeasurements.CpuNow(azuritePid);
    var started = clock.Elapsed;
    await Task.Delay(to - from);
    var after = meter.Now();
    var cpuAfter = HostMeasurements.CpuNow(azuritePid);
    return (after - before, cpu, cpuAfter, clock.Elapsed - started);
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
