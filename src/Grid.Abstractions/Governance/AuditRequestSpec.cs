namespace Grid.Governance;

/// <summary>What a tenant asks when it exercises its audit rights.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Governance.AuditRequestSpec")]
public sealed record AuditRequestSpec
{
    /// <summary>What the audit covers (1-1000 characters).</summary>
    [Id(0)]
    public required string Scope { get; init; }

    /// <summary>The exception that allows a request within 12 months of the last, if any.</summary>
    [Id(1)]
    public AuditException Exception { get; init; }

    /// <summary>The authority's reference or the incident id (required with an exception, 1-256 characters).</summary>
    [Id(2)]
    public string? Reference { get; init; }

    /// <summary>Days the auditor's credential lasts (1-30; default 14).</summary>
    [Id(3)]
    public int CredentialDays { get; init; } = 14;
}
