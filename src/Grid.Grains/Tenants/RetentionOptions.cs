namespace Grid.Grains.Tenants;

/// <summary>Retention sweeping (configuration section <c>Grid:Retention</c>).</summary>
public sealed class RetentionOptions
{
    /// <summary>How often each tenant's sweeper wakes up.</summary>
    public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromHours(1);
}
