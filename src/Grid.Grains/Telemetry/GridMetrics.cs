using System.Diagnostics.Metrics;

namespace Grid.Grains.Telemetry;

/// <summary>
/// The Grid's own metrics (meter <c>Grid</c>): counts, sizes and durations only — never ids of people, media or
/// metadata. Exported with Orleans' meters through OpenTelemetry (Prometheus scrape endpoint, OTLP).
/// </summary>
public static class GridMetrics
{
    public const string MeterName = "Grid";

    private static readonly Meter Meter = new(MeterName, "1.0");

    public static readonly UpDownCounter<long> ActiveCalls = Meter.CreateUpDownCounter<long>("grid.calls.active", "{call}", "Calls recording now (started, not yet sealed), as counted by this silo.");

    public static readonly Counter<long> BytesIngested = Meter.CreateCounter<long>("grid.media.ingested", "By", "Media bytes acknowledged (plaintext length).");

    public static readonly Counter<long> ChunksIngested = Meter.CreateCounter<long>("grid.media.chunks", "{chunk}", "Chunks acknowledged.");

    public static readonly Histogram<double> AppendDuration = Meter.CreateHistogram<double>("grid.append.duration", "ms", "Time from receiving a chunk to its durable acknowledgement, in the call grain.");

    public static readonly Histogram<double> EncryptDuration = Meter.CreateHistogram<double>("grid.encrypt.duration", "us", "Time to encrypt one chunk.");

    public static readonly Counter<long> KeyOperations = Meter.CreateCounter<long>("grid.key.operations", "{operation}", "Wraps, unwraps and key life-cycle operations, by operation.");

    public static readonly Counter<long> Deletions = Meter.CreateCounter<long>("grid.recordings.deleted", "{recording}", "Recordings deleted, by reason.");

    private static long lastCanarySuccess;
    private static int lastCanaryOk = -1;

    static GridMetrics()
    {
        Meter.CreateObservableGauge("grid.canary.ok", () => lastCanaryOk, "{bool}", "1 when the last self-test (encrypt, store, read back, decrypt, compare) succeeded, 0 when it failed, -1 before the first.");
        Meter.CreateObservableGauge("grid.canary.last_success", () => Interlocked.Read(ref lastCanarySuccess), "s", "Unix time of the last successful self-test.");
    }

    public static void CanaryResult(bool ok, DateTimeOffset at)
    {
        Volatile.Write(ref lastCanaryOk, ok ? 1 : 0);
        if (ok)
        {
            Interlocked.Exchange(ref lastCanarySuccess, at.ToUnixTimeSeconds());
        }
    }

    /// <summary>Records an acknowledged chunk (<paramref name="bytes"/> 0: a duplicate, counted as no new media).</summary>
    public static void Acknowledged(int bytes, long startedTimestamp)
    {
        if (bytes > 0)
        {
            BytesIngested.Add(bytes);
            ChunksIngested.Add(1);
            AppendDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds);
        }
    }
}
