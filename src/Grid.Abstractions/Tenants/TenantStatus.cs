namespace Grid.Tenants;

/// <summary>Life-cycle state of a tenant.</summary>
public enum TenantStatus
{
    /// <summary>Not provisioned.</summary>
    None = 0,

    /// <summary>Recording and playback allowed.</summary>
    Active = 1,

    /// <summary>Temporarily blocked: nothing new is recorded and nothing is played back.</summary>
    Suspended = 2,

    /// <summary>Deletion after termination is complete; nothing is accepted.</summary>
    Terminated = 3,

    /// <summary>Terminated by contract: nothing new is recorded; the tenant may export until deletion starts.</summary>
    Terminating = 4,
}
