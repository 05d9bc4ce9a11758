namespace Grid.Governance;

/// <summary>Why an audit may be requested within 12 months of the last one.</summary>
public enum AuditException
{
    /// <summary>An ordinary request: at most one in any 12 months.</summary>
    None = 0,

    /// <summary>A supervisory authority instructed it (its reference is recorded).</summary>
    AuthorityInstruction = 1,

    /// <summary>A security incident affected the tenant (the incident id is the reference).</summary>
    Incident = 2,
}
