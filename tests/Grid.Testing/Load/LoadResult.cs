using HdrHistogram;

namespace Grid.Testing.Load;

/// <summary>The run's outcome: per-call results, ack latency histogram (microseconds), verification.</summary>
public sealed record LoadResult(IReadOnlyList<CallResult> Calls, HistogramBase AckLatencyMicros, int Verified, long LostChunks, TimeSpan LongestAckSilence, TimeSpan Elapsed)
{
    /// <summary>Every acknowledgement: when (since the run started) and its latency in microseconds.</summary>
    public IReadOnlyList<(TimeSpan At, long LatencyMicros)> Acks { get; init; } = [];

    public long AckedChunks => Calls.Sum(c => c.AckedChunks);

    public long SentBytes => Calls.Sum(c => c.SentBytes);

    public int Failed => Calls.Count(c => c.Error is not null);

    public double PercentileMs(double p) => AckLatencyMicros.TotalCount == 0 ? 0 : AckLatencyMicros.GetValueAtPercentile(p) / 1000.0;

    /// <summary>Latency of each call's start (data key, wrap, metadata, first write), microseconds.</summary>
    public HistogramBase? StartLatencyMicros { get; init; }

    /// <summary>From the first start to the last end (verification excluded).</summary>
    public TimeSpan LoadElapsed { get; init; }

    /// <summary>The schedule the run followed.</summary>
    public IReadOnlyList<(TimeSpan Start, TimeSpan Duration)> Schedule { get; init; } = [];

    public double StartPercentileMs(double p) => StartLatencyMicros is not { TotalCount: > 0 } h ? 0 : h.GetValueAtPercentile(p) / 1000.0;
}
