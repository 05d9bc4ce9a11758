using System.Globalization;
using System.Text;
using Grid.LoadTest.Baselines;

namespace Grid.LoadTest.Report;

/// <summary>The Markdown report of a load-test run.</summary>
public static class LoadReport
{
    public static string Markdown(Dictionary<string, object?> report, IReadOnlyList<BaselineRunner.Throughput> baselines, string chart)
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(c, $"# Load test {report["runId"]}");
        md.AppendLine();
        md.AppendLine(c, $"{report["cores"]} cores; profile {report["profile"]}, {report["chunkBytes"]} B chunks. Silo and Azurite share the machine with the load generator, which runs as its own process (its CPU is reported apart).");
        md.AppendLine();
        md.AppendLine("| baseline (same run) | ops/s | MB/s |");
        md.AppendLine("|---|---:|---:|");
        foreach (var t in baselines)
        {
            md.AppendLine(c, $"| {t.Name} | {t.OpsPerSecond:N0} | {t.MegabytesPerSecond:N2} |");
        }

        dynamic b = report["baselines"]!;
        md.AppendLine();
        md.AppendLine(c, $"- grid ingest ({b.ingestWorkers} calls appending back to back) / raw append-blob writes at the grid's mean batch size ({b.meanBatchBytes / 1000:N0} KB, {b.meanBatchFrames:N1} frames): **{b.ingestVsRawAtBatchSize:N2}** (target ≥ 0.7)");
        md.AppendLine(c, $"- grid append without storage / plain grain call: **{b.appendWithoutStorageVsPlainCall:N2}** (target ≥ 0.8)");
        md.AppendLine(c, $"- memory per active call grain: {(long)report["memoryPerActiveCallBytes"]! / 1024.0:N1} KiB");
        if (report.TryGetValue("burst", out var burstValue) && burstValue is not null)
        {
            dynamic burst = burstValue;
            md.AppendLine(c, $"- burst: {burst.calls} calls starting within {burst.withinSeconds:N0} s: {burst.burst.Calls - burst.burst.Failed} started, start p50 {burst.burst.StartP50Ms:N0} ms, p99 {burst.burst.StartP99Ms:N0} ms, max {burst.burst.StartMaxMs:N0} ms; ack p99 {burst.burst.P99Ms:N1} ms; lost {burst.burst.LostChunks}, verified {burst.burst.Verified}");
        }

        md.AppendLine();
        md.AppendLine("| level | steady-state calls | p50 ms | p99 ms | max ms | start p99 ms | MB/s | lost | verified | storage requests / call-minute | bytes written / media byte | mean batch KB | CPU silo / Azurite / generator | silo CPU ms per call-second | CPU ms per call-second beyond idle: silo / Azurite / generator / all | sustained |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---|");
        foreach (dynamic l in (List<object>)report["levels"]!)
        {
            var o = l.outcome;
            var h = l.host;
            md.AppendLine(c, $"| {l.calls} | {o.SteadyStateConcurrency:N0} | {o.P50Ms:N1} | {o.P99Ms:N1} | {o.MaxMs:N1} | {o.StartP99Ms:N0} | {o.SentBytes / o.LoadSeconds / 1e6:N2} | {o.LostChunks} | {o.Verified}/{o.Calls} | {h.RequestsPerCallMinuteBeyondIdle:N2} ({h.RequestsPerCallMinute:N2} with the idle {h.IdleRequestsPerSecond:N0}/s) | {h.BytesWrittenPerMediaByte:N3} | {h.MeanBatchBytes / 1000:N0} | {h.SiloCpuShare:P0} / {h.AzuriteCpuShare:P0} / {h.GeneratorCpuShare:P0} | {h.SiloCpuMillisPerCallSecond:N2} | {string.Join(" / ", ((double[])h.CpuMillisPerCallSecondBeyondIdle).Select(v => v.ToString("N2", c)))} | {(l.ok ? "yes" : "no")} |");
        }

        foreach (dynamic l in (List<object>)report["levels"]!)
        {
            var h = (HostMeasurements)l.host;
            md.AppendLine();
            var spread = h.CallsBySilo.Count > 1 ? $" Calls placed by silo ({report["silos"]} silos in one process; CPU and storage are their sum): {string.Join(", ", h.CallsBySilo.Select(s => $"{s.Key} {s.Value}"))}." : string.Empty;
            md.AppendLine(c, $"Level {l.calls}: the silo's process allocated {h.AllocatedBytesPerChunk / 1024:N1} KiB per chunk acknowledged.{spread} Storage requests per call-minute by operation, each beyond its idle rate:");
            md.AppendLine();
            md.AppendLine("| operation | requests / call-minute |");
            md.AppendLine("|---|---:|");
            foreach (var o in h.RequestsByOperation)
            {
                md.AppendLine(c, $"| `{o.Key}` | {o.Value:N2} |");
            }

            if (h.SteadyState is { } w)
            {
                var ms = (double[])l.outcome.SteadyStateMs;
                md.AppendLine();
                md.AppendLine(c, $"Steady-state window of level {l.calls} ({h.WindowCallSeconds / 60:N0} call-minutes): ack p50/p99 {string.Join(" / ", ms.Select(v => v.ToString("N1", c)))} ms; **{w.RequestsPerCallMinuteBeyondIdle:N2}** storage requests per call-minute beyond idle (log appends {w.LogAppendsPerCallMinute:N2}, {w.MeanBatchFrames:N1} frames per append); silo CPU **{w.CpuMillisPerCallSecondBeyondIdle[0]:N2}** ms per call-second beyond idle ({w.SiloCpuMillisPerCallSecond:N2} in all), Azurite {w.CpuMillisPerCallSecondBeyondIdle[1]:N2}; the silo's process allocated {w.AllocatedBytesPerChunk / 1024:N1} KiB per chunk.");
                md.AppendLine();
                md.AppendLine("| operation (steady-state window) | requests / call-minute |");
                md.AppendLine("|---|---:|");
                foreach (var o in w.RequestsByOperation)
                {
                    md.AppendLine(c, $"| `{o.Key}` | {o.Value:N2} |");
                }
            }
        }

        md.AppendLine();
        md.AppendLine(c, $"Highest sustained (p99 ack < bound, nothing lost, every recording verified): **{report["highestSustainedSteadyStateConcurrency"]:N0}** concurrent calls in steady state ({report["callsPerCore"]:N0} per core).");
        md.AppendLine();
        md.AppendLine(c, $"![ack latency over time]({chart})");
        if (report.TryGetValue("compaction", out var value) && value is Scenarios.CompactionRun.Outcome k)
        {
            md.AppendLine();
            md.AppendLine("## Compaction (apart from the hot path)");
            md.AppendLine();
            md.AppendLine(c, $"{k.Deleted} of {k.Recordings} recordings deleted (every other one); log {k.SegmentsBefore} segments / {k.LogBytesBefore / 1e6:N1} MB -> {k.SegmentsAfter} / {k.LogBytesAfter / 1e6:N1} MB; {k.SegmentsCompacted} compacted, {k.SegmentsDeleted} deleted; {k.BytesCopied / 1e6:N1} MB copied in {k.Seconds:N1} s ({k.CopyMegabytesPerSecond:N1} MB/s), {k.BytesCopiedPerLiveByte:N2} bytes copied per byte kept.");
        }

        return md.ToString();
    }
}
