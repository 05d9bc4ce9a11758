using System.Collections.Concurrent;
using Grid.Client.Credentials;
using Grid.Security;
using Grid.Security.Calls;
using Grid.Security.Tokens;

namespace Grid.Tests.Infrastructure;

/// <summary>
/// The shared test client's convenience for tests about other things than authorization: a call made without an
/// explicit credential (<see cref="GridCredentials.Use"/>) gets a valid token of the target grain's tenant holding
/// every tenant role but the legal-hold role (or an operator token for operator-only methods). Authorization is
/// tested with explicit tokens and with a raw client that has no such help.
/// </summary>
public sealed class AutoCredentialFilter(GridTokenIssuer issuer) : IOutgoingGrainCallFilter
{
    public static readonly string[] DefaultRoles = [GridRoles.Recorder, GridRoles.Analyst, GridRoles.TenantAdmin, GridRoles.PrivacyOfficer, GridRoles.Auditor];

    private readonly ConcurrentDictionary<string, GridToken> tokens = new(StringComparer.Ordinal);

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (GridCredentials.Current is null
            && AccessRule.ForCall(context.InterfaceMethod, context.Request) is { Anonymous: false, InternalOnly: false, Roles.Count: > 0 } rule)
        {
            var tenant = AccessDecision.TenantOf(context.TargetId.Key.ToString()!);
            var asTenant = GridIds.IsValidTenantId(tenant) && rule.Roles.Any(r => r != GridRoles.Operator);
            using (GridCredentials.Use(TokenFor(asTenant ? tenant : GridPrincipal.AnyTenant)))
            {
                await context.Invoke();
                return;
            }
        }

        await context.Invoke();
    }

    private string TokenFor(string tenant)
    {
        if (!tokens.TryGetValue(tenant, out var token) || token.ExpiresAt - DateTimeOffset.UtcNow < TimeSpan.FromMinutes(2))
        {
            token = issuer.Issue(tenant, "test-user", tenant == GridPrincipal.AnyTenant ? [GridRoles.Operator] : DefaultRoles);
            tokens[tenant] = token;
        }

        return token.Value;
    }
}
