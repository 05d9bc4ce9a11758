using Grid.Errors;
using Grid.Security.Tokens;

namespace Grid.Security.Calls;

/// <summary>The answer to "may this call proceed?", with the cause of a refusal.</summary>
public sealed record AccessDecision(bool Allowed, NotAuthorizedReason Reason, string Message)
{
    private static readonly AccessDecision Allow = new(true, NotAuthorizedReason.Content, string.Empty);

    /// <summary>
    /// Decides one call: calls made inside the cluster pass; from a client, internal-only methods are refused, the
    /// token exchange is open, and every other method needs a valid credential of the grain's tenant (or an operator
    /// credential where the method accepts operators) with one of the method's roles.
    /// </summary>
    public static AccessDecision Decide(AccessRule rule, bool isInternal, TokenCheck credential, string targetTenant)
    {
        if (isInternal)
        {
            return Allow;
        }

        if (rule.InternalOnly || (rule.Roles.Count == 0 && !rule.Anonymous))
        {
            return new(false, NotAuthorizedReason.InternalOnly, $"Not authorized (internal-only): {rule.Method} may be called only by the Grid itself, never from a client.");
        }

        if (rule.Anonymous)
        {
            return Allow;
        }

        if (credential.Principal is not { } principal)
        {
            return new(false, NotAuthorizedReason.Credential, $"Not authorized (credential): {credential.Describe()}.");
        }

        if (principal.HasRole(GridRoles.Operator))
        {
            return rule.Roles.Contains(GridRoles.Operator, StringComparer.Ordinal)
                ? Allow
                : new(false, NotAuthorizedReason.Role, $"Not authorized (role): operators may not call {rule.Method}; it needs one of: {string.Join(", ", rule.Roles)}.");
        }

        if (!string.Equals(principal.TenantId, targetTenant, StringComparison.Ordinal))
        {
            return new(false, NotAuthorizedReason.Tenant, "Not authorized (tenant): the credential belongs to another tenant.");
        }

        return rule.Roles.Any(principal.HasRole)
            ? Allow
            : new(false, NotAuthorizedReason.Role, $"Not authorized (role): {rule.Method} needs one of: {string.Join(", ", rule.Roles)}.");
    }

    /// <summary>The tenant a Grid grain key belongs to: the part before the first '/'.</summary>
    public static string TenantOf(string grainKey)
    {
        var slash = grainKey.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? grainKey : grainKey[..slash];
    }
}
