using System.ComponentModel.DataAnnotations;

namespace Grid.Grains.Webhooks;

/// <summary>Webhook delivery (configuration section <c>Grid:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Grid:Webhooks";

    /// <summary>Deliveries tried per event and endpoint before it becomes a dead letter.</summary>
    [Range(1, 100, ErrorMessage = "Grid:Webhooks:MaxAttempts is between 1 and 100.")]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry's delay; each further retry doubles it (with ±50 % jitter).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Grid:Webhooks:RetryBase is between 10 ms and 1 hour.")]
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest delay between retries.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00", ErrorMessage = "Grid:Webhooks:RetryMax is between 10 ms and 1 day.")]
    public TimeSpan RetryMax { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long one delivery may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00", ErrorMessage = "Grid:Webhooks:Timeout is between 100 ms and 5 minutes.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Accept <c>http://</c> endpoints on loopback (development and tests only; production needs https).</summary>
    public bool AllowLoopbackHttp { get; set; }
}
