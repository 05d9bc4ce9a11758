using Grid.Security;

namespace Grid.Requests;

/// <summary>
/// One data-subject request, keyed <c>{tenantId}/{requestId}</c>: received → identity verified → carried out
/// (completed) or refused, with the statutory deadline (one month from receipt, extendable once by two months with a
/// reason) watched by a reminder that raises tenant events before and at the deadline. Every step is audited with
/// the verified subject. The person's identifier is hashed under the tenant's index key when the request is opened
/// and never kept.
/// </summary>
[Alias("Grid.Requests.IDataSubjectRequestGrain")]
public interface IDataSubjectRequestGrain : IGrainWithStringKey
{
    /// <summary>Opens the request (idempotent for the same kind and identifier).</summary>
    /// <param name="spec">Kind, identifier, reference.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The request.</returns>
    [Alias("Open")]
    [GridAccess(GridRoles.PrivacyOfficer, GridRoles.TenantAdmin)]
    Task<DataSubjectRequestInfo> OpenAsync(DataSubjectRequestSpec spec, CancellationToken cancellationToken = default);

    /// <summary>The request's state.</summary>
    /// <returns>The request.</returns>
    [Alias("Get")]
    [GridAccess(GridRoles.PrivacyOfficer, GridRoles.TenantAdmin, GridRoles.Auditor)]
    Task<DataSubjectRequestInfo> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Records how the person's identity was verified (required before the request is carried out).</summary>
    /// <param name="method">How (e.g. "signed letter checked against customer record"), 1–256 characters, no personal data.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The request.</returns>
    [Alias("VerifyIdentity")]
    [GridAccess(GridRoles.PrivacyOfficer)]
    Task<DataSubjectRequestInfo> VerifyIdentityAsync(string method, CancellationToken cancellationToken = default);

    /// <summary>Extends the deadline by two months (once), with the reason told to the person.</summary>
    /// <param name="reason">1–256 characters.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The request.</returns>
    [Alias("Extend")]
    [GridAccess(GridRoles.PrivacyOfficer)]
    Task<DataSubjectRequestInfo> ExtendAsync(string reason, CancellationToken cancellationToken = default);

    /// <summary>Refuses the request (e.g. manifestly unfounded), with the reason.</summary>
    /// <param name="reason">1–256 characters.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The request.</returns>
    [Alias("Refuse")]
    [GridAccess(GridRoles.PrivacyOfficer)]
    Task<DataSubjectRequestInfo> RefuseAsync(string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Carries the request out on every recording of the person (found through the blind index): erasure deletes
    /// (not under a legal hold) and certifies; restriction blocks content access; correction rewrites the person's
    /// entries; access and portability prepare the export bundle and its signed manifest.
    /// </summary>
    /// <param name="correction">The corrected values (correction only; never stored).</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The completed request.</returns>
    [Alias("Run")]
    [GridAccess(GridRoles.PrivacyOfficer)]
    Task<DataSubjectRequestInfo> RunAsync(ParticipantCorrection? correction = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams one file of the completed export bundle: <c>manifest.json</c> (signed by the processor, listing the
    /// files and their SHA-256), <c>manifest.signature.json</c>, or a path the manifest lists (audited).
    /// </summary>
    /// <param name="path">The file's path in the bundle.</param>
    /// <param name="cancellationToken">Stops the stream.</param>
    /// <returns>The file's bytes.</returns>
    [Alias("ReadFile")]
    [GridAccess(GridRoles.PrivacyOfficer)]
    IAsyncEnumerable<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken = default);
}
