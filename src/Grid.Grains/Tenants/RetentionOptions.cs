using System.ComponentModel.DataAnnotations;

namespace Grid.Grains.Tenants;

/// <summary>Retention sweeping (configuration section <c>Grid:Retention</c>).</summary>
public sealed class RetentionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Grid:Retention";

    /// <summary>How often each tenant's sweeper wakes up.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Grid:Retention:SweepPeriod is between 1 second and 1 day.")]
    public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromHours(1);
}
