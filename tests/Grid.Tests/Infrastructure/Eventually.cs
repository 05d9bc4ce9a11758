namespace Grid.Tests.Infrastructure;

/// <summary>Waits for what a real reminder or stream does in its own time (never a timed assertion: the caller asserts the value).</summary>
internal static class Eventually
{
    /// <summary>Reads until <paramref name="done"/> holds or <paramref name="seconds"/> pass; returns the last value read.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(200);
        }
    }
}
