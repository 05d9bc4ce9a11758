using Grid.Security;
using Grid.Security.Tokens;

namespace Grid.Client.Credentials;

/// <summary>
/// Signs its own short-lived tokens with a Grid token issuer's key: for processes trusted with that key (a
/// co-hosted service, the load test, test fixtures), never for recorder frontends.
/// </summary>
public sealed class SigningTokenSource(GridTokenIssuer issuer, string tenantId, string subject, IReadOnlyList<string> roles) : IGridCredentialSource
{
    private GridToken? current;

    /// <inheritdoc/>
    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var token = current;
        if (token is null || token.ExpiresAt - DateTimeOffset.UtcNow < TimeSpan.FromMinutes(2))
        {
            current = token = issuer.Issue(tenantId, subject, roles);
        }

        return ValueTask.FromResult(token.Value);
    }
}
