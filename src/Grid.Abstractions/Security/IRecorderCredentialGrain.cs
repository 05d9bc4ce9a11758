namespace Grid.Security;

/// <summary>
/// A recorder frontend's credential, keyed <c>{tenantId}/{clientId}</c>: a client id and secret that the recorder
/// SDK exchanges for short-lived recorder tokens of that tenant. The secret is shown once; the Grid keeps only its
/// SHA-256.
/// </summary>
[Alias("Grid.Security.IRecorderCredentialGrain")]
public interface IRecorderCredentialGrain : IGrainWithStringKey
{
    /// <summary>Creates the credential, or replaces its secret (the old one stops working at once).</summary>
    /// <returns>The client id and the new secret (shown only now).</returns>
    [Alias("IssueSecret")]
    [GridAccess(GridRoles.TenantAdmin)]
    Task<RecorderSecret> IssueSecretAsync(CancellationToken cancellationToken = default);

    /// <summary>Revokes the credential: no further tokens are issued for it (tokens issued expire within minutes).</summary>
    /// <returns>A task that completes when the revocation is durable.</returns>
    [Alias("Revoke")]
    [GridAccess(GridRoles.TenantAdmin)]
    Task RevokeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Exchanges the secret for a short-lived recorder token of the credential's tenant. Open to any client that
    /// passed the mutual-TLS handshake; a wrong secret or a revoked credential is refused with
    /// <see cref="Errors.NotAuthorizedException"/> (<see cref="Errors.NotAuthorizedReason.Credential"/>).
    /// </summary>
    /// <param name="secret">The secret from <see cref="IssueSecretAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The token and its expiry.</returns>
    [Alias("Exchange")]
    [AnonymousAccess]
    Task<GridToken> ExchangeAsync(string secret, CancellationToken cancellationToken = default);
}
