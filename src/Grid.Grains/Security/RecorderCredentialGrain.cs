using System.Security.Cryptography;
using System.Text;
using Grid.Audit;
using Grid.Errors;
using Grid.Security;
using Grid.Security.Calls;
using Grid.Security.Tokens;
using Grid.Tenants;
using Microsoft.Extensions.Logging;

namespace Grid.Grains.Security;

/// <summary>
/// A recorder frontend's credential (<c>{tenantId}/{clientId}</c>): a 256-bit secret, stored as its SHA-256 (a
/// random secret of that size needs no slow hash), exchanged for short-lived recorder tokens of the tenant.
/// </summary>
public sealed partial class RecorderCredentialGrain(
    [PersistentState("recorder-credential", GridGrainStorage.Name)] IPersistentState<RecorderCredentialState> state,
    GridTokenIssuer issuer,
    GridTime time,
    ILogger<RecorderCredentialGrain> logger) : Grain, IRecorderCredentialGrain
{
    private (string TenantId, string ClientName) Ids => field == default ? (field = Parse(this.GetPrimaryKeyString())) : field;

    public async Task<RecorderSecret> IssueSecretAsync(CancellationToken cancellationToken = default)
    {
        _ = Ids;
        await GrainFactory.GetGrain<ITenantGrain>(Ids.TenantId).EnsureActiveAsync();
        var secret = "grs_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await AuditAsync("recorder-credential.issue");
        state.State.SecretHash = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        state.State.IssuedAt = time.GetUtcNow();
        state.State.Revoked = false;
        await state.WriteStateAsync();
        return new RecorderSecret(this.GetPrimaryKeyString(), secret);
    }

    public async Task RevokeAsync(CancellationToken cancellationToken = default)
    {
        _ = Ids;
        if (state.State.SecretHash is null || state.State.Revoked)
        {
            return;
        }

        await AuditAsync("recorder-credential.revoke");
        state.State.Revoked = true;
        await state.WriteStateAsync();
    }

    public async Task<GridToken> ExchangeAsync(string secret, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        if (state.State.SecretHash is not { } expected || state.State.Revoked || string.IsNullOrEmpty(secret) || secret.Length > 256
            || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), expected))
        {
            LogRefused(logger, Ids.TenantId);
            throw new NotAuthorizedException(NotAuthorizedReason.Credential, "Not authorized (credential): the recorder client id or secret is wrong, or the credential was revoked.");
        }

        await GrainFactory.GetGrain<ITenantGrain>(Ids.TenantId).EnsureActiveAsync();
        return issuer.Issue(Ids.TenantId, "recorder:" + Ids.ClientName, [GridRoles.Recorder]);
    }

    private Task AuditAsync(string action) =>
        GrainFactory.GetGrain<IAuditLogGrain>(Ids.TenantId).AppendAsync(new AuditRecord
        {
            TenantId = Ids.TenantId,
            Action = action,
            Purpose = Ids.ClientName,
            Principal = GridCaller.AuditName,
        });

    private static (string, string) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !GridIds.IsValidCallId(key[(slash + 1)..]))
        {
            throw new GridValidationException("A recorder client id is '{tenantId}/{name}', the name 1-128 characters of A-Z, a-z, 0-9, '.', '_' and '-'.");
        }

        return (GridIds.RequireTenantId(key[..slash]), key[(slash + 1)..]);
    }

    [LoggerMessage(EventId = 9010, Level = LogLevel.Warning, Message = "Refused a recorder token exchange for tenant {TenantId}: wrong secret or revoked credential")]
    private static partial void LogRefused(ILogger logger, string tenantId);
}
