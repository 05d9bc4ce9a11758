namespace Grid.Client;

/// <summary>
/// The Grid did not acknowledge an operation within <see cref="RecorderOptions.RetryDeadline"/> despite retries.
/// The operation may or may not have taken effect; repeating it is safe (chunks and End are idempotent).
/// </summary>
public sealed class GridUnavailableException(string message, Exception? lastError) : Exception(message, lastError);
