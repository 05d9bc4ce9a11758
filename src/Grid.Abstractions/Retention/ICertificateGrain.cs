using Grid.Security;

namespace Grid.Retention;

/// <summary>Issues a tenant's signed deletion certificates, keyed by tenant id.</summary>
[Alias("Grid.Retention.ICertificateGrain")]
public interface ICertificateGrain : IGrainWithStringKey
{
    /// <summary>
    /// A certificate of every deletion of the tenant so far: recordings (by hashed object id, time and reason),
    /// destroyed key versions, and what is retained under legal hold and why.
    /// </summary>
    /// <param name="scope">What the certificate is for, e.g. <c>termination</c> or <c>on-request</c>.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The signed certificate (issuing changes nothing but the audit log: auditors may ask for one).</returns>
    [Alias("Issue")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.PrivacyOfficer, GridRoles.Auditor)]
    Task<DeletionCertificate> IssueAsync(string scope, CancellationToken cancellationToken = default);

    /// <summary>The processor's public signing key, to verify certificates and export manifests against.</summary>
    [Alias("GetVerificationKey")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.PrivacyOfficer, GridRoles.Auditor, GridRoles.LegalHold)]
    Task<ProcessorPublicKey> GetVerificationKeyAsync(CancellationToken cancellationToken = default);
}
