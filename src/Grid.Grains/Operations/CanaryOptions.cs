namespace Grid.Grains.Operations;

/// <summary>The scheduled self-test (configuration section <c>Grid:Canary</c>).</summary>
public sealed class CanaryOptions
{
    /// <summary>Schedule the self-test when the silo starts.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often it runs.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromMinutes(15);
}
