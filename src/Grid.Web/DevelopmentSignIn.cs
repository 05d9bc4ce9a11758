using Grid.Security;
using Grid.Security.Tokens;

namespace Grid.Web;

/// <summary>
/// Development sign-in: mints a credential with the Grid's own token service for a tenant and roles picked on the
/// sign-in page. Registered only when <see cref="GridWebOptions.DevelopmentSignIn"/> is on (a local Grid).
/// </summary>
public sealed class DevelopmentSignIn(GridTokenIssuer issuer, Microsoft.Extensions.Options.IOptions<GridSecurityOptions> security, GridWebOptions options)
{
    /// <summary>The person's credential and when it (and the console session) ends.</summary>
    public ConsoleUser Issue(string tenantId, string subject, IReadOnlyList<string> roles)
    {
        var lifetime = TimeSpan.FromTicks(Math.Min(options.SessionLifetime.Ticks, security.Value.MaxTokenLifetime.Ticks));
        var token = issuer.Issue(tenantId, subject, roles, lifetime);
        return new ConsoleUser(tenantId, subject, roles, token.Value, Development: true) { ExpiresAt = token.ExpiresAt };
    }
}
