namespace Grid.Governance;

/// <summary>An accepted audit request and its read-only auditor credential (shown only in this answer).</summary>
[GenerateSerializer, Immutable, Alias("Grid.Governance.AuditRequestResult")]
public sealed record AuditRequestResult
{
    /// <summary>The request.</summary>
    [Id(0)]
    public required AuditRequestInfo Request { get; init; }

    /// <summary>
    /// The auditor's client id (<c>{tenantId}/{requestId}</c>): with <see cref="AuditorSecret"/> it is exchanged for
    /// short-lived tokens with the auditor role only, until <see cref="AuditRequestInfo.CredentialExpiresAt"/>.
    /// </summary>
    [Id(1)]
    public required string AuditorClientId { get; init; }

    /// <summary>The auditor's secret (the Grid keeps only its hash).</summary>
    [Id(2)]
    public required string AuditorSecret { get; init; }
}
