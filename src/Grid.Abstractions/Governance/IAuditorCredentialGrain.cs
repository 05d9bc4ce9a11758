using Grid.Security;

namespace Grid.Governance;

/// <summary>
/// The time-boxed credential of one accepted audit (key <c>{tenantId}/{requestId}</c>): a secret exchanged for
/// short-lived tokens with the <see cref="GridRoles.Auditor"/> role only (read-only: audit log and checkpoints,
/// tenant and key status, holds, record of processing), refused once the audit's window has ended.
/// </summary>
[Alias("Grid.Governance.IAuditorCredentialGrain")]
public interface IAuditorCredentialGrain : IGrainWithStringKey
{
    /// <summary>Creates the credential (the audit-rights grain calls it).</summary>
    /// <param name="expiresAt">When it stops working.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The secret (shown once).</returns>
    [Alias("Issue")]
    [InternalOnly]
    Task<string> IssueAsync(DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Exchanges the secret for an auditor token (at most the usual token lifetime, never past the credential's
    /// expiry). A wrong secret or an expired credential is refused with <see cref="Errors.NotAuthorizedException"/>.
    /// </summary>
    /// <param name="secret">The secret.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The token.</returns>
    [Alias("Exchange")]
    [AnonymousAccess]
    Task<GridToken> ExchangeAsync(string secret, CancellationToken cancellationToken = default);
}
