using Grid.Errors;

namespace Grid.Client;

/// <summary>Retries an idempotent Grid operation on transient failures until a deadline.</summary>
internal static class Retry
{
    public static bool IsTransient(Exception e) => e switch
    {
        GridException grid => grid.IsTransient,
        OrleansMessageRejectionException or SiloUnavailableException or TimeoutException => true,
        Orleans.Runtime.Messaging.ConnectionFailedException => true,
        GatewayTooBusyException => true,

        // Infrastructure failures outside grain code, e.g. "Error from storage provider ... during ReadStateAsync"
        // when a grain cannot activate while storage is down. Grain code reports permanent errors as GridException.
        OrleansException => true,
        _ => false,
    };

    public static async Task<T> RunAsync<T>(Func<Task<T>> operation, RecorderOptions options, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + options.RetryDeadline;
        var backoff = options.InitialBackoff;
        var attempts = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            attempts++;
            try
            {
                return await operation();
            }
            catch (Exception e) when (IsTransient(e))
            {
                if (DateTime.UtcNow + backoff > deadline)
                {
                    throw new GridUnavailableException($"{what} was not acknowledged within {options.RetryDeadline.TotalSeconds:0.#} s ({attempts} attempts); the grid or its storage is unavailable. Repeating it is safe.", e);
                }

                await Task.Delay(backoff, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
            }
        }
    }
}
