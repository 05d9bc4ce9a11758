namespace Grid.Security.Calls;

/// <summary>
/// The credential of an external principal on whose behalf the current flow calls grains (for example a person
/// authenticated by the customer API). In a client it is sent instead of the configured credential; in a silo,
/// code that runs outside any grain (the API hosted by the silo) calls with it and <em>without</em> the silo-only
/// proof, so the grains decide on the person's credential exactly as for a remote client.
/// </summary>
public static class GridCallCredential
{
    private static readonly AsyncLocal<string?> Override = new();

    /// <summary>The token set for the current flow, if any.</summary>
    public static string? Current => Override.Value;

    /// <summary>Sends <paramref name="token"/> with every call of the current flow until disposed.</summary>
    /// <param name="token">The compact token.</param>
    /// <returns>Restores the previous credential when disposed.</returns>
    public static IDisposable Use(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        var previous = Override.Value;
        Override.Value = token;
        return new Scope(previous);
    }

    private sealed class Scope(string? previous) : IDisposable
    {
        public void Dispose() => Override.Value = previous;
    }
}
