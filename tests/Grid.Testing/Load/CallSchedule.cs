namespace Grid.Testing.Load;

/// <summary>When each simulated call starts and how long it lasts.</summary>
public static class CallSchedule
{
    /// <summary>
    /// The synchronized mode: <paramref name="calls"/> calls of one duration, starting evenly within
    /// <paramref name="rampUp"/> (a burst when the ramp is short; every seal then coincides too).
    /// </summary>
    public static IReadOnlyList<(TimeSpan Start, TimeSpan Duration)> Ramp(int calls, TimeSpan duration, TimeSpan rampUp) =>
        [.. Enumerable.Range(0, calls).Select(i => (rampUp * i / Math.Max(1, calls), duration))];

    /// <summary>
    /// Realistic arrivals: calls start as a Poisson process and last an exponentially distributed time with mean
    /// <paramref name="meanDuration"/>, so that on average <paramref name="concurrency"/> calls are active
    /// (Little's law: arrival rate = concurrency / mean duration). Arrivals run for <paramref name="window"/>; the
    /// first mean duration is the warm-up towards steady state. Durations are kept between one chunk and five means.
    /// </summary>
    public static IReadOnlyList<(TimeSpan Start, TimeSpan Duration)> Poisson(int concurrency, TimeSpan meanDuration, TimeSpan window, TimeSpan chunk, int seed, TimeSpan? longest = null)
    {
        var random = new Random(seed);
        var rate = concurrency / meanDuration.TotalSeconds;
        var result = new List<(TimeSpan, TimeSpan)>();
        var at = 0.0;
        while (true)
        {
            at += -Math.Log(1 - random.NextDouble()) / rate;
            if (at >= window.TotalSeconds)
            {
                return result;
            }

            var seconds = Math.Clamp(-Math.Log(1 - random.NextDouble()) * meanDuration.TotalSeconds, chunk.TotalSeconds, Math.Max(chunk.TotalSeconds, longest?.TotalSeconds ?? 5 * meanDuration.TotalSeconds));
            result.Add((TimeSpan.FromSeconds(at), TimeSpan.FromSeconds(seconds)));
        }
    }

    /// <summary>The average number of calls active between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public static double MeanConcurrency(IReadOnlyList<(TimeSpan Start, TimeSpan Duration)> schedule, TimeSpan from, TimeSpan to)
    {
        var span = (to - from).TotalSeconds;
        return span <= 0 ? 0 : schedule.Sum(c =>
        {
            var start = Math.Max(c.Start.TotalSeconds, from.TotalSeconds);
            var end = Math.Min((c.Start + c.Duration).TotalSeconds, to.TotalSeconds);
            return Math.Max(0, end - start);
        }) / span;
    }
}
