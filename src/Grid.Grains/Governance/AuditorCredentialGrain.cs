using System.Security.Cryptography;
using System.Text;
using Grid.Errors;
using Grid.Governance;
using Grid.Security;
using Grid.Security.Tokens;
using Grid.Tenants;

namespace Grid.Grains.Governance;

/// <summary>
/// An audit's time-boxed credential (<see cref="IAuditorCredentialGrain"/>): a 256-bit secret kept as its SHA-256,
/// exchanged for auditor tokens until the expiry on the Grid's clock.
/// </summary>
public sealed class AuditorCredentialGrain(
    [PersistentState("auditor-credential", GridGrainStorage.Name)] IPersistentState<AuditorCredentialState> state,
    GridTokenIssuer issuer,
    GridTime time) : Grain, IAuditorCredentialGrain
{
    private (string TenantId, string RequestId) Ids => field == default ? (field = Parse(this.GetPrimaryKeyString())) : field;

    public async Task<string> IssueAsync(DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        if (state.State.SecretHash is not null)
        {
            throw new GovernanceException(GridErrorCode.GovernanceState, "This audit's credential was already issued.");
        }

        var secret = "gra_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        state.State.SecretHash = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        state.State.ExpiresAt = expiresAt;
        await state.WriteOrThrowAsync();
        return secret;
    }

    public async Task<GridToken> ExchangeAsync(string secret, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        var now = time.GetUtcNow();
        if (state.State.SecretHash is not { } expected || string.IsNullOrEmpty(secret) || secret.Length > 256
            || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), expected))
        {
            throw new NotAuthorizedException(NotAuthorizedReason.Credential, "Not authorized (credential): the auditor client id or secret is wrong.");
        }

        if (now >= state.State.ExpiresAt)
        {
            throw new NotAuthorizedException(NotAuthorizedReason.Credential, "Not authorized (credential): this audit's credential has expired; the tenant may request another audit.");
        }

        await GrainFactory.GetGrain<ITenantGrain>(Ids.TenantId).EnsureReadableAsync();
        var remaining = state.State.ExpiresAt - now;
        return issuer.Issue(Ids.TenantId, "auditor:" + Ids.RequestId, [GridRoles.Auditor], remaining < TimeSpan.FromMinutes(10) ? remaining : null);
    }

    private static (string, string) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 || !GridIds.IsValidCallId(key[(slash + 1)..])
            ? throw new GridValidationException("An auditor client id is '{tenantId}/{requestId}'.")
            : (GridIds.RequireTenantId(key[..slash]), key[(slash + 1)..]);
    }
}
