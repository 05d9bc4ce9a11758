namespace Grid.Security;

/// <summary>
/// An authenticated principal of a tenant, as established by the Grid's trusted front door (the HTTP API or a
/// recorder frontend's credentials). Grain clients are inside the trust boundary; grains check every content access
/// against the principal's tenant and roles.
/// </summary>
/// <param name="TenantId">The tenant the principal belongs to.</param>
/// <param name="Subject">Opaque subject id of the principal (not a name or e-mail address).</param>
/// <param name="Roles">Roles granted, see <see cref="GridRoles"/>.</param>
[GenerateSerializer, Immutable, Alias("Grid.Security.GridPrincipal")]
public sealed record GridPrincipal(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Subject,
    [property: Id(2)] IReadOnlyList<string> Roles)
{
    /// <summary>True when the principal holds <paramref name="role"/>.</summary>
    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);
}
