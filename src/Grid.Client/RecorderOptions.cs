namespace Grid.Client;

/// <summary>How a <see cref="RecordingSession"/> sends media.</summary>
public sealed class RecorderOptions
{
    /// <summary>Most chunks sent and not yet acknowledged at once; <see cref="RecordingSession.SendAsync(ReadOnlyMemory{byte}, CancellationToken)"/> waits beyond it.</summary>
    public int MaxInFlight { get; set; } = 8;

    /// <summary>How long one operation is retried on transient failures before it fails with <see cref="GridUnavailableException"/>.</summary>
    public TimeSpan RetryDeadline { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>First wait between retries; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long the client waits for one grain call's answer before treating it as lost and retrying (Orleans'
    /// default is 30 s; an append answers in milliseconds, so a call stuck on a silo that just died is retried
    /// sooner). Operations that legitimately run longer (key rotation, sweeps) carry their own timeout.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between retries.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMilliseconds(500);
}
