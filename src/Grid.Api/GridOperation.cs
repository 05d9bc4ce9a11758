using System.Reflection;
using Grid.Security.Calls;

namespace Grid.Api;

/// <summary>
/// Endpoint metadata: the grain methods an endpoint calls. The roles the API reference shows are read from those
/// methods' access rules, the same rules the silos enforce, so documentation and enforcement cannot drift apart.
/// </summary>
public sealed record GridOperation(IReadOnlyList<MethodInfo> Methods)
{
    /// <summary>The operation calling <paramref name="names"/> of <typeparamref name="T"/>.</summary>
    public static GridOperation Of<T>(params string[] names) =>
        new(names.Select(n => typeof(T).GetMethod(n) ?? throw new InvalidOperationException($"{typeof(T).Name} has no method {n}.")).ToList());

    /// <summary>This operation, also calling <paramref name="names"/> of <typeparamref name="T"/>.</summary>
    public GridOperation And<T>(params string[] names) => new([.. Methods, .. Of<T>(names).Methods]);

    /// <summary>The roles that pass every method's rule (the intersection); empty when only the Grid may call one.</summary>
    public IReadOnlyList<string> Roles
    {
        get
        {
            IEnumerable<string>? roles = null;
            foreach (var rule in Methods.Select(AccessRule.For))
            {
                var allowed = rule is null || rule.InternalOnly ? [] : rule.Roles;
                roles = roles is null ? allowed : roles.Intersect(allowed, StringComparer.Ordinal);
            }

            return roles?.ToList() ?? [];
        }
    }
}
