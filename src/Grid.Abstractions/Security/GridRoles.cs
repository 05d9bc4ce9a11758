namespace Grid.Security;

/// <summary>Role names of tenant principals.</summary>
public static class GridRoles
{
    /// <summary>May play back recordings and read their metadata (a content role).</summary>
    public const string Playback = "recording.playback";

    /// <summary>Administers the tenant's settings; not a content role.</summary>
    public const string TenantAdmin = "tenant.admin";
}
