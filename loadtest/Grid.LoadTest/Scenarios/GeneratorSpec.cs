using Grid.Testing.Load;
namespace Grid.LoadTest.Scenarios;

/// <summary>What the load generator process is told: where the grid is, how to authenticate, what load to offer.</summary>
public sealed record GeneratorSpec
{
    public required string ClusterId { get; init; }

    public required string ServiceId { get; init; }

    public required string StorageConnectionString { get; init; }

    /// <summary>The grid's folder of trust-boundary files (TLS certificates, the token signing key).</summary>
    public required string SecurityFolder { get; init; }

    public bool Secure { get; init; } = true;

    /// <summary>Created by the generator when its load starts (connected) and when it ends (before verification).</summary>
    public string? PhaseFolder { get; init; }

    public required string TenantId { get; init; }

    public int Level { get; init; }

    public bool Poisson { get; init; }

    public bool Churn { get; init; }

    public double MeanDurationSeconds { get; init; }

    /// <summary>Poisson arrivals: the longest call (0: five mean durations).</summary>
    public double LongestCallSeconds { get; init; }

    public double DurationSeconds { get; init; }

    public double ChunkMilliseconds { get; init; }

    public string Profile { get; init; } = MediaProfile.G711Stereo.Name;

    /// <summary>Calls starting within this many seconds (0: not a burst).</summary>
    public int Burst { get; init; }

    public double BurstWithinSeconds { get; init; }

    public LoadOptions ToLoadOptions()
    {
        var chunk = TimeSpan.FromMilliseconds(ChunkMilliseconds);
        var duration = TimeSpan.FromSeconds(DurationSeconds);
        return new LoadOptions
        {
            TenantId = TenantId,
            Schedule = Burst > 0 ? CallSchedule.Ramp(Burst, duration, TimeSpan.FromSeconds(BurstWithinSeconds))
                : Poisson ? CallSchedule.Poisson(Level, TimeSpan.FromSeconds(MeanDurationSeconds), duration, chunk, seed: Level, longest: LongestCallSeconds > 0 ? TimeSpan.FromSeconds(LongestCallSeconds) : null) : null,
            Calls = Churn ? Level * 3 : Level,
            CallDuration = Churn ? duration / 3 : duration,
            ChunkDuration = chunk,
            RampUp = Churn ? duration * 2 / 3 : TimeSpan.FromSeconds(Math.Min(5, duration.TotalSeconds / 4)),
            Profile = MediaProfile.Parse(Profile),
        };
    }
}
