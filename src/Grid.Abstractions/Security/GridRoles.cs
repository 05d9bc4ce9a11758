namespace Grid.Security;

/// <summary>Role names of tenant principals.</summary>
public static class GridRoles
{
    /// <summary>May play back recordings and read their metadata (a content role).</summary>
    public const string Playback = "recording.playback";

    /// <summary>May access recordings isolated under a legal hold (and only those); a content role.</summary>
    public const string LegalHold = "legal.hold";

    /// <summary>Administers the tenant's settings; not a content role.</summary>
    public const string TenantAdmin = "tenant.admin";
}
