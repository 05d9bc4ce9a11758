namespace Grid.Governance;

/// <summary>What an objecting tenant chooses when the Grid cannot route it around a sub-processor.</summary>
public enum ObjectionChoice
{
    /// <summary>No choice recorded yet.</summary>
    None = 0,

    /// <summary>Suspend the tenant (no recording, no playback) from now.</summary>
    Suspend = 1,

    /// <summary>Terminate the tenant, effective when the change takes effect.</summary>
    Terminate = 2,

    /// <summary>Withdraw the objection and accept the change.</summary>
    Withdraw = 3,
}
