namespace Grid.Security;

/// <summary>
/// Who may call a grain method from outside the silos: a verified credential of the grain's own tenant holding one
/// of <see cref="Roles"/> (an <see cref="GridRoles.Operator"/> credential reaches any tenant, where listed). Calls
/// made by the Grid's own grains are always allowed. A Grid grain method without an access attribute is refused to
/// every client (fail closed).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class GridAccessAttribute(params string[] roles) : Attribute
{
    /// <summary>The roles that may call the method.</summary>
    public IReadOnlyList<string> Roles { get; } = roles;
}

/// <summary>
/// Only the Grid's own grains may call the method (key unwrap, audit append, retention and termination internals):
/// every call that enters from a client is refused, whatever credential it carries.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Interface, AllowMultiple = false, Inherited = true)]
public sealed class InternalOnlyAttribute : Attribute;

/// <summary>Any client that passed the TLS handshake may call the method without a credential (the token exchange only).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class AnonymousAccessAttribute : Attribute;
