using System.Globalization;
using System.Text;
using System.Text.Json;
using Grid.Calls;
using Grid.LoadTest.Baselines;
using Grid.Testing.Load;

namespace Grid.LoadTest.Scenarios;

/// <summary>
/// The trust boundary's cost, measured in one run: the same load on a grid with mutual TLS and credential checks on
/// every call, and on a grid without them (the baseline only the load test can build). For each: guarded calls
/// without storage (credential check + TLS), a plain grain call with the chunk's payload (TLS), and the highest
/// sustained number of real-time calls (p99 bound, nothing lost, every recording verified).
/// </summary>
public static class SecurityComparison
{
    public sealed record Side(string Name, BaselineRunner.Throughput GuardedCalls, BaselineRunner.Throughput PayloadEcho, int HighestSustained, IReadOnlyList<string> Levels);

    public static async Task<int> RunAsync(LoadTestArguments settings, string runId)
    {
        var chunkBytes = settings.Profile.ChunkBytes(settings.Chunk);
        var sides = new List<Side>();

        // Off, on, on, off: each mode runs once early and once late in the process, so JIT warm-up and a growing
        // emulator do not favour either.
        foreach (var secure in new[] { false, true, true, false })
        {
            await using var grid = await LocalGrid.StartAsync(secure);
            var tenantId = await grid.ProvisionTenantAsync();
            var name = secure ? "trust boundary on (mutual TLS + ES256 credential checks)" : "trust boundary off (baseline)";
            Console.WriteLine($"{name} ...");
            var summaries = Enumerable.Range(0, 16).Select(w => grid.Cluster.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, $"sum-{w}"))).ToArray();
            _ = await BaselineRunner.RunAsync("warm-up", 16, TimeSpan.FromSeconds(2), 1, (w, _, _) => summaries[w].GetSummaryAsync());
            var guarded = await BaselineRunner.RunAsync("guarded call, no storage (GetSummary)", 16, settings.BaselineDuration, 1, (w, _, _) => summaries[w].GetSummaryAsync());
            var echo = await BaselineRunner.RunAsync("plain grain call inside the silo, chunk payload", 16, settings.BaselineDuration, chunkBytes, (w, i, p) => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IGrainFactory>(grid.SiloServices).GetGrain<IBaselineGrain>($"echo-{w}").EchoAsync(i, p));
            Console.WriteLine($"  {guarded.Name}: {guarded.OpsPerSecond:N0}/s; {echo.Name}: {echo.OpsPerSecond:N0}/s");
            var (sustained, levels) = await FindLimitAsync(grid, tenantId, settings);
            sides.Add(new Side(name, guarded, echo, sustained, levels));
        }

        var off = Mean("trust boundary off", sides[0], sides[3]);
        var on = Mean("trust boundary on", sides[1], sides[2]);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# Trust boundary cost, run {runId}");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores; {settings.Profile.Name}, {settings.Chunk.TotalMilliseconds:0} ms chunks ({chunkBytes:N0} B); {settings.Duration.TotalSeconds:0} s per level; silo, Azurite and generator on the same cores.");
        report.AppendLine();
        report.AppendLine("Each mode ran twice (order off, on, on, off); throughputs are the mean of its two runs, the sustained level the lower of its two.");
        report.AppendLine();
        report.AppendLine("| measure | trust boundary off | on | on ÷ off |");
        report.AppendLine("|---|---:|---:|---:|");
        report.AppendLine(CultureInfo.InvariantCulture, $"| guarded calls/s without storage (GetSummary, 16 workers) | {off.GuardedCalls.OpsPerSecond:N0} | {on.GuardedCalls.OpsPerSecond:N0} | {on.GuardedCalls.OpsPerSecond / off.GuardedCalls.OpsPerSecond:0.00} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| grain calls/s with the chunk payload (16 workers) | {off.PayloadEcho.OpsPerSecond:N0} | {on.PayloadEcho.OpsPerSecond:N0} | {on.PayloadEcho.OpsPerSecond / off.PayloadEcho.OpsPerSecond:0.00} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| highest sustained real-time calls (p99 ≤ {settings.P99BoundMs} ms, 0 lost, all verified) | {off.HighestSustained} | {on.HighestSustained} | {(off.HighestSustained == 0 ? 0 : on.HighestSustained / (double)off.HighestSustained):0.00} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| calls per core | {off.HighestSustained / (double)Environment.ProcessorCount:N0} | {on.HighestSustained / (double)Environment.ProcessorCount:N0} | |");
        report.AppendLine();
        foreach (var side in sides)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"{side.Name} (guarded {side.GuardedCalls.OpsPerSecond:N0}/s, payload calls {side.PayloadEcho.OpsPerSecond:N0}/s, highest sustained {side.HighestSustained}):");
            report.AppendLine();
            foreach (var level in side.Levels)
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"- {level}");
            }

            report.AppendLine();
        }

        var baseName = Path.Combine(settings.OutputDirectory, $"security-{runId}");
        await File.WriteAllTextAsync(baseName + ".md", report.ToString());
        await File.WriteAllTextAsync(baseName + ".json", JsonSerializer.Serialize(sides, new JsonSerializerOptions { WriteIndented = true }));
        Console.Write(report);
        Console.WriteLine($"report: {baseName}.md (+ .json)");
        return on.HighestSustained > 0 ? 0 : 1;
    }

    private static Side Mean(string name, Side a, Side b) => new(
        name,
        new BaselineRunner.Throughput(a.GuardedCalls.Name, (a.GuardedCalls.OpsPerSecond + b.GuardedCalls.OpsPerSecond) / 2, 0),
        new BaselineRunner.Throughput(a.PayloadEcho.Name, (a.PayloadEcho.OpsPerSecond + b.PayloadEcho.OpsPerSecond) / 2, (a.PayloadEcho.MegabytesPerSecond + b.PayloadEcho.MegabytesPerSecond) / 2),
        Math.Min(a.HighestSustained, b.HighestSustained),
        [.. a.Levels, .. b.Levels]);

    private static async Task<(int Sustained, List<string> Levels)> FindLimitAsync(LocalGrid grid, string tenantId, LoadTestArguments settings)
    {
        var levels = new List<string>();
        var sustained = 0;
        for (var level = settings.Calls; ; level = Math.Min(settings.MaxCalls, (int)Math.Ceiling(level * 1.5)))
        {
            var result = await new RealtimeCallLoad(grid.Recorder, grid.Playback).RunAsync(new LoadOptions
            {
                TenantId = tenantId,
                Calls = level,
                CallDuration = settings.Duration,
                ChunkDuration = settings.Chunk,
                RampUp = TimeSpan.FromSeconds(Math.Min(5, settings.Duration.TotalSeconds / 4)),
                Profile = settings.Profile,
            });
            var ok = result.Failed == 0 && result.LostChunks == 0 && result.Verified == result.Calls.Count && result.PercentileMs(99) <= settings.P99BoundMs;
            var line = string.Create(CultureInfo.InvariantCulture, $"{level} calls: p50 {result.PercentileMs(50):N1} ms, p99 {result.PercentileMs(99):N1} ms, failed {result.Failed}, lost {result.LostChunks}, verified {result.Verified}/{result.Calls.Count} -> {(ok ? "sustained" : "not sustained")}");
            Console.WriteLine("  " + line);
            levels.Add(line);
            if (ok)
            {
                sustained = level;
            }

            if (!ok || level >= settings.MaxCalls)
            {
                return (sustained, levels);
            }
        }
    }
}
