namespace Grid.Security.Calls;

/// <summary>
/// Who is calling the grain method that runs now, as the silo's authorization filter established it: the verified
/// principal (when the call, or the client call it descends from, carried a valid credential) and whether the call
/// was made by the Grid's own grains.
/// </summary>
public static class GridCaller
{
    private static readonly AsyncLocal<Info?> Current = new();

    /// <summary>The verified principal, or null for the Grid's own workflows.</summary>
    public static GridPrincipal? Principal => Current.Value?.Principal;

    /// <summary>True when the call was made inside the cluster (by a grain or silo service).</summary>
    public static bool IsInternal => Current.Value?.Internal ?? false;

    /// <summary>How an audit record names the caller: the verified subject, or <c>grid:internal</c>.</summary>
    public static string AuditName => Principal?.Subject ?? "grid:internal";

    /// <summary>Called by the authorization filter only, in the flow of the call it admits.</summary>
    public static void Enter(GridPrincipal? principal, bool isInternal) => Current.Value = new Info(principal, isInternal);

    private sealed record Info(GridPrincipal? Principal, bool Internal);
}
