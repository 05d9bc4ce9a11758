using System.ComponentModel.DataAnnotations;

namespace Grid.Grains.Operations;

/// <summary>The scheduled self-test (configuration section <c>Grid:Canary</c>).</summary>
public sealed class CanaryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Grid:Canary";

    /// <summary>Schedule the self-test when the silo starts.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often it runs.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Grid:Canary:Period is between 1 second and 1 day.")]
    public TimeSpan Period { get; set; } = TimeSpan.FromMinutes(15);
}
