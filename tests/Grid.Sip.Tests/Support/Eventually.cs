namespace Grid.Sip.Tests.Support;

/// <summary>Waits for a condition that another process or thread makes true; the guard only stops a test that would hang.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? guard = null)
    {
        var deadline = DateTime.UtcNow + (guard ?? TimeSpan.FromSeconds(20));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Never became true: " + what);
            }

            await Task.Delay(20);
        }
    }
}
