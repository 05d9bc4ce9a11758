namespace Grid.Grains.Webhooks;

/// <summary>Webhook delivery (configuration section <c>Grid:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>Deliveries tried per event and endpoint before it becomes a dead letter.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry's delay; each further retry doubles it (with ±50 % jitter).</summary>
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest delay between retries.</summary>
    public TimeSpan RetryMax { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long one delivery may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Accept <c>http://</c> endpoints on loopback (development and tests only; production needs https).</summary>
    public bool AllowLoopbackHttp { get; set; }
}
