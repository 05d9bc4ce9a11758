namespace Grid.Client.Credentials;

/// <summary>Where the SDK gets the signed credential it sends with every call.</summary>
public interface IGridCredentialSource
{
    /// <summary>A token valid now (refreshed ahead of expiry where the source can).</summary>
    /// <param name="cancellationToken">Stops waiting for a refresh.</param>
    /// <returns>The compact token.</returns>
    ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);
}
