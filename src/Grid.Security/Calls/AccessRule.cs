using System.Collections.Concurrent;
using System.Reflection;

namespace Grid.Security.Calls;

/// <summary>Who may call one grain method from a client, read from its attributes (see <see cref="GridAccessAttribute"/>).</summary>
public sealed record AccessRule(string Method, bool InternalOnly, bool Anonymous, IReadOnlyList<string> Roles)
{
    private static readonly ConcurrentDictionary<MethodInfo, AccessRule?> Rules = new();
    private static readonly Assembly Contracts = typeof(GridIds).Assembly;

    /// <summary>The rule of a Grid grain interface method; null for any other method (Orleans' own, tests').</summary>
    public static AccessRule? For(MethodInfo method) => Rules.GetOrAdd(method, static m =>
    {
        var type = m.DeclaringType;
        if (type is null || type.Assembly != Contracts)
        {
            return null;
        }

        var access = m.GetCustomAttribute<GridAccessAttribute>();
        return new AccessRule(
            NameOf(m),
            m.GetCustomAttribute<InternalOnlyAttribute>() is not null || type.GetCustomAttribute<InternalOnlyAttribute>() is not null,
            m.GetCustomAttribute<AnonymousAccessAttribute>() is not null,
            access?.Roles ?? []);
    });

    /// <summary>
    /// The rule of a call as it travels: see <see cref="EffectiveMethod"/>. Null for a method that is not the Grid's.
    /// </summary>
    public static AccessRule? ForCall(MethodInfo? method, Orleans.Serialization.Invocation.IInvokable request) =>
        EffectiveMethod(method, request) is { } effective ? For(effective) : null;

    /// <summary>
    /// The method a call really runs: a grain method returning <see cref="IAsyncEnumerable{T}"/> travels as
    /// <see cref="IAsyncEnumerableGrainExtension.StartEnumeration{T}(Guid, IAsyncEnumerableRequest{T})"/> carrying
    /// the real request, whose method decides. (Later pages only name the enumeration's random id.)
    /// </summary>
    public static MethodInfo? EffectiveMethod(MethodInfo? method, Orleans.Serialization.Invocation.IInvokable request)
    {
        if (method is not null && method.DeclaringType == typeof(IAsyncEnumerableGrainExtension) && method.Name == nameof(IAsyncEnumerableGrainExtension.StartEnumeration)
            && request.GetArgumentCount() > 1 && request.GetArgument(1) is Orleans.Serialization.Invocation.IInvokable inner && inner.GetMethod() is { } innerMethod)
        {
            return innerMethod;
        }

        return method;
    }

    /// <summary>The name a call proof binds for a call that is not to a Grid grain method (an Orleans interface).</summary>
    public static string NameOf(MethodInfo? method, IGrainCallContext context) =>
        method is null ? $"{context.InterfaceName}.{context.MethodName}" : NameOf(method);

    /// <summary>The name the call proof binds: <c>{interface}.{method}</c>.</summary>
    public static string NameOf(MethodInfo method) => $"{method.DeclaringType!.FullName}.{method.Name}";
}
