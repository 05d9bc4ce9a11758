using System.Security.Claims;
using Grid.Security;

namespace Grid.Api;

/// <summary>
/// The person behind an API request, as the authentication established it, and the Grid credential the API sends
/// with that person's grain calls (the grains decide again on it).
/// </summary>
/// <param name="TenantId">The person's tenant (<c>*</c> for an operator).</param>
/// <param name="Subject">Opaque subject id.</param>
/// <param name="Roles">Grid roles the person holds.</param>
/// <param name="GridToken">The compact Grid credential for the grain calls.</param>
public sealed record ApiCaller(string TenantId, string Subject, IReadOnlyList<string> Roles, string GridToken)
{
    /// <summary>Reads the mapped claims; null when the token lacks a tenant or subject.</summary>
    public static (string Tenant, string Subject, IReadOnlyList<string> Roles)? ClaimsOf(ClaimsPrincipal user, GridApiOptions options)
    {
        var tenant = user.FindFirst(options.TenantClaim)?.Value;
        var subject = user.FindFirst(options.SubjectClaim)?.Value;
        if (string.IsNullOrEmpty(tenant) || string.IsNullOrEmpty(subject))
        {
            return null;
        }

        var roles = user.FindAll(options.RoleClaim).SelectMany(c => c.Value.StartsWith('[') ? ParseArray(c.Value) : [c.Value])
            .Where(GridRoles.IsKnown).Distinct(StringComparer.Ordinal).ToList();
        return (tenant, subject, roles);
    }

    private static IEnumerable<string> ParseArray(string json) =>
        System.Text.Json.JsonSerializer.Deserialize<string[]>(json) ?? [];
}
