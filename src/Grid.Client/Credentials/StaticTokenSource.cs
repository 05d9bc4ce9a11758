namespace Grid.Client.Credentials;

/// <summary>A token obtained elsewhere (a person's, from the customer API or the <c>token</c> command).</summary>
public sealed class StaticTokenSource(string token) : IGridCredentialSource
{
    /// <inheritdoc/>
    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(token);
}
