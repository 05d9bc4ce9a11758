namespace Grid.Governance;

/// <summary>An accepted audit request (the credential itself is returned once, in <see cref="AuditRequestResult"/>).</summary>
[GenerateSerializer, Immutable, Alias("Grid.Governance.AuditRequestInfo")]
public sealed record AuditRequestInfo
{
    /// <summary>The request id.</summary>
    [Id(0)]
    public required string RequestId { get; init; }

    /// <summary>What was asked.</summary>
    [Id(1)]
    public required AuditRequestSpec Spec { get; init; }

    /// <summary>When it was accepted.</summary>
    [Id(2)]
    public DateTimeOffset AcceptedAt { get; init; }

    /// <summary>Who asked.</summary>
    [Id(3)]
    public string RequestedBy { get; init; } = "";

    /// <summary>The auditor credential's subject (what the audit log names the auditor).</summary>
    [Id(4)]
    public string AuditorSubject { get; init; } = "";

    /// <summary>When the auditor credential expires by itself.</summary>
    [Id(5)]
    public DateTimeOffset CredentialExpiresAt { get; init; }
}
