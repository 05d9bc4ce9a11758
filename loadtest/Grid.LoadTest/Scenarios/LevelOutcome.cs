using HdrHistogram;
using Grid.Testing.Load;

namespace Grid.LoadTest.Scenarios;

/// <summary>What the generator measured at one load level (serialised from the generator process to the host).</summary>
public sealed record LevelOutcome
{
    public int Calls { get; init; }

    public int Failed { get; init; }

    public long LostChunks { get; init; }

    public int Verified { get; init; }

    public long AckedChunks { get; init; }

    public long SentBytes { get; init; }

    /// <summary>Seconds from the first start to the last end (verification excluded).</summary>
    public double LoadSeconds { get; init; }

    public double P50Ms { get; init; }

    public double P95Ms { get; init; }

    public double P99Ms { get; init; }

    public double MaxMs { get; init; }

    public double StartP50Ms { get; init; }

    public double StartP99Ms { get; init; }

    public double StartMaxMs { get; init; }

    /// <summary>Average calls in progress over the middle of the run (steady state).</summary>
    public double SteadyStateConcurrency { get; init; }

    /// <summary>Poisson arrivals: acknowledgement p50 and p99 (ms) over the steady-state window only (empty otherwise).</summary>
    public double[] SteadyStateMs { get; init; } = [];

    /// <summary>Seconds of call audio recorded (acknowledged chunks × chunk duration).</summary>
    public double CallSeconds { get; init; }

    /// <summary>CPU seconds the generator process used.</summary>
    public double GeneratorCpuSeconds { get; init; }

    /// <summary>Per second of the run: p50 and p99 acknowledgement latency (ms).</summary>
    public List<double[]> Series { get; init; } = [];

    public string? FirstError { get; init; }

    public static LevelOutcome From(LoadResult result, GeneratorSpec spec, double cpuSeconds)
    {
        var options = spec.ToLoadOptions();
        var schedule = result.Schedule;
        var end = schedule.Count == 0 ? TimeSpan.Zero : schedule.Max(s => s.Start + s.Duration);
        return new LevelOutcome
        {
            Calls = result.Calls.Count,
            Failed = result.Failed,
            LostChunks = result.LostChunks,
            Verified = result.Verified,
            AckedChunks = result.AckedChunks,
            SentBytes = result.SentBytes,
            LoadSeconds = result.LoadElapsed.TotalSeconds,
            P50Ms = result.PercentileMs(50),
            P95Ms = result.PercentileMs(95),
            P99Ms = result.PercentileMs(99),
            MaxMs = result.AckLatencyMicros.GetMaxValue() / 1000.0,
            StartP50Ms = result.StartPercentileMs(50),
            StartP99Ms = result.StartPercentileMs(99),
            StartMaxMs = result.StartLatencyMicros is { TotalCount: > 0 } s ? s.GetMaxValue() / 1000.0 : 0,
            SteadyStateConcurrency = spec.Poisson
                ? CallSchedule.MeanConcurrency(schedule, TimeSpan.FromSeconds(spec.MeanDurationSeconds), TimeSpan.FromSeconds(spec.DurationSeconds))
                : CallSchedule.MeanConcurrency(schedule, end * 0.25, end * 0.75),
            SteadyStateMs = spec.Poisson ? WindowPercentiles(result, TimeSpan.FromSeconds(spec.MeanDurationSeconds), TimeSpan.FromSeconds(spec.DurationSeconds)) : [],
            CallSeconds = result.AckedChunks * options.ChunkDuration.TotalSeconds,
            GeneratorCpuSeconds = cpuSeconds,
            Series = [.. result.Acks.GroupBy(a => (int)a.At.TotalSeconds).OrderBy(g => g.Key).Select(g =>
            {
                var h = new LongHistogram(TimeStamp.Seconds(120), 3);
                foreach (var (_, micros) in g)
                {
                    h.RecordValue(micros);
                }

                return new[] { g.Key, h.GetValueAtPercentile(50) / 1000.0, h.GetValueAtPercentile(99) / 1000.0 };
            })],
            FirstError = result.Calls.FirstOrDefault(c => c.Error is not null)?.Error?.GetType().Name,
        };
    }

    private static double[] WindowPercentiles(LoadResult result, TimeSpan from, TimeSpan to)
    {
        var h = new LongHistogram(TimeStamp.Seconds(120), 3);
        foreach (var (at, micros) in result.Acks)
        {
            if (at >= from && at < to)
            {
                h.RecordValue(Math.Max(1, micros));
            }
        }

        return h.TotalCount == 0 ? [] : [h.GetValueAtPercentile(50) / 1000.0, h.GetValueAtPercentile(99) / 1000.0];
    }

    public bool Sustained(double p99BoundMs) => Failed == 0 && LostChunks == 0 && Verified == Calls && P99Ms <= p99BoundMs;
}
