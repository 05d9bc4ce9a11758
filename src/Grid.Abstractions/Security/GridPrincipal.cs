namespace Grid.Security;

/// <summary>
/// The verified caller of a grain call: established by a silo from the signed credential the call carried, never
/// built by a caller. Grains read it from the call context; no grain method takes one as an argument.
/// </summary>
/// <param name="TenantId">The tenant the principal belongs to (<c>*</c> for an operator).</param>
/// <param name="Subject">Opaque subject id of the principal (not a name or e-mail address).</param>
/// <param name="Roles">Roles granted, see <see cref="GridRoles"/>.</param>
[GenerateSerializer, Immutable, Alias("Grid.Security.GridPrincipal")]
public sealed record GridPrincipal(
    [property: Id(0)] string TenantId,
    [property: Id(1)] string Subject,
    [property: Id(2)] IReadOnlyList<string> Roles)
{
    /// <summary>The tenant id an operator credential carries: operators belong to no tenant.</summary>
    public const string AnyTenant = "*";

    /// <summary>True when the principal holds <paramref name="role"/>.</summary>
    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>How audit records name this principal: <c>{subject}</c> (the tenant is the log's own).</summary>
    public override string ToString() => Subject;
}
