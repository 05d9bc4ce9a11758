namespace Grid.Security;

/// <summary>
/// The roles a Grid credential can carry (see <c>docs/authorization.md</c> for what each may call). A tenant role
/// acts only on its own tenant's grains; <see cref="Operator"/> is the processor's staff and sees no content.
/// </summary>
public static class GridRoles
{
    /// <summary>A recorder frontend: starts, appends to and ends calls of its tenant; never reads anything back.</summary>
    public const string Recorder = "recorder";

    /// <summary>Plays back recordings and reads their metadata (a content role).</summary>
    public const string Analyst = "analyst";

    /// <summary>Administers the tenant: retention, legal holds, keys (rotate, revoke), suspension; not a content role.</summary>
    public const string TenantAdmin = "tenant.admin";

    /// <summary>Serves data-subject requests (erasure on request, deletion certificates); not a content role by itself.</summary>
    public const string PrivacyOfficer = "privacy.officer";

    /// <summary>Places and releases legal holds and may access recordings isolated under a hold (and only those).</summary>
    public const string LegalHold = "legal.hold";

    /// <summary>Reads the tenant's audit log and key and tenant status; never content.</summary>
    public const string Auditor = "auditor";

    /// <summary>The processor's operators: provisioning, health, counts and sizes of any tenant; never content, metadata or keys.</summary>
    public const string Operator = "operator";

    /// <summary>Every role name a credential may carry.</summary>
    public static IReadOnlyList<string> All { get; } = [Recorder, Analyst, TenantAdmin, PrivacyOfficer, LegalHold, Auditor, Operator];

    /// <summary>True for a role name the Grid knows.</summary>
    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
