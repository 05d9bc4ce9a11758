using Grid.Security.Calls;

namespace Grid.Client.Credentials;

/// <summary>
/// Runs calls under a given credential instead of the configured one: <c>using (GridCredentials.Use(token)) { ... }</c>
/// (for example a person's token from the customer API, or an administration tool acting for several roles).
/// </summary>
public static class GridCredentials
{
    /// <summary>The token set for the current flow, if any.</summary>
    public static string? Current => GridCallCredential.Current;

    /// <summary>Sends <paramref name="token"/> with every call of the current flow until disposed.</summary>
    /// <param name="token">The compact token.</param>
    /// <returns>Restores the previous credential when disposed.</returns>
    public static IDisposable Use(string token) => GridCallCredential.Use(token);
}
