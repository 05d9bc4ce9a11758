using Grid.Errors;

namespace Grid.Security.Tokens;

/// <summary>What the tenant, subject and roles of a credential must look like.</summary>
public static class GridTokenRules
{
    /// <summary>Null when the claims are acceptable; otherwise what is wrong.</summary>
    public static string? Check(string? tenantId, string? subject, IReadOnlyList<string>? roles)
    {
        if (roles is not { Count: > 0 and <= 8 } || roles.Any(r => r is null || !GridRoles.IsKnown(r)))
        {
            return "the credential's roles are missing or unknown";
        }

        var isOperator = roles.Contains(GridRoles.Operator, StringComparer.Ordinal);
        if (isOperator ? roles.Count != 1 || tenantId != GridPrincipal.AnyTenant : !GridIds.IsValidTenantId(tenantId))
        {
            return "an operator credential carries tenant '*' and no other role; any other carries a valid tenant id";
        }

        if (subject is not { Length: > 0 and <= 128 } || subject.Any(char.IsControl))
        {
            return "the credential's subject is missing or malformed";
        }

        return null;
    }

    /// <summary>Throws <see cref="GridValidationException"/> unless the claims are acceptable.</summary>
    public static void Require(string? tenantId, string? subject, IReadOnlyList<string>? roles)
    {
        if (Check(tenantId, subject, roles) is { } problem)
        {
            throw new GridValidationException($"Cannot issue the credential: {problem}.");
        }
    }
}
