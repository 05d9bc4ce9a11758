namespace Grid.Calls;

/// <summary>Direction of a recorded call, seen from the tenant.</summary>
public enum CallDirection
{
    /// <summary>Not stated by the recorder.</summary>
    Unknown = 0,

    /// <summary>Call received by the tenant.</summary>
    Inbound = 1,

    /// <summary>Call placed by the tenant.</summary>
    Outbound = 2,

    /// <summary>Call between two parties of the tenant.</summary>
    Internal = 3,
}
