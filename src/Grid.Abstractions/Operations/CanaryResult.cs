namespace Grid.Operations;

/// <summary>The outcome of one self-test (encrypt, store, read back, decrypt, compare, delete).</summary>
/// <param name="Ok">True when the recording read back exactly as sent and was deleted.</param>
/// <param name="At">When the self-test finished.</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="Error">What failed (an error code or exception type), or null.</param>
[GenerateSerializer, Immutable, Alias("Grid.Operations.CanaryResult")]
public sealed record CanaryResult(
    [property: Id(0)] bool Ok,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] long DurationMs,
    [property: Id(3)] string? Error);
