namespace Grid.Security.Calls;

/// <summary>Names of the Orleans request-context entries the trust boundary uses.</summary>
public static class GridCallContextKeys
{
    /// <summary>The caller's signed credential (compact ES256 JWT), set by the client SDK on every call.</summary>
    public const string Token = "grid-token";

    /// <summary>The silo-only call proof, set by every silo on the calls its grains make.</summary>
    public const string SiloProof = "grid-silo-proof";
}
