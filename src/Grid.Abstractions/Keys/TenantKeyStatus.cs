namespace Grid.Keys;

/// <summary>Life-cycle state of a tenant's key.</summary>
public enum TenantKeyStatus
{
    /// <summary>Not created yet.</summary>
    None = 0,

    /// <summary>Wraps and unwraps.</summary>
    Active = 1,

    /// <summary>Revoked by the tenant: nothing wraps or unwraps until re-enabled.</summary>
    Revoked = 2,

    /// <summary>Destroyed in custody (crypto-shredded); final.</summary>
    Destroyed = 3,
}
