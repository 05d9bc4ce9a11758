using Grid.Security;
using Grid.Retention;

namespace Grid.Tenants;

/// <summary>A tenant's policy and life cycle, keyed by tenant id.</summary>
[Alias("Grid.Tenants.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>
    /// Provisions the tenant and creates its key-encryption key. Repeating with the same settings returns the
    /// tenant; different settings are refused (<see cref="Errors.GridErrorCode.TenantAlreadyProvisioned"/>).
    /// </summary>
    /// <param name="settings">The tenant's settings.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The provisioned tenant.</returns>
    [Alias("Provision")]
    [GridAccess(GridRoles.Operator)]
    Task<TenantInfo> ProvisionAsync(TenantSettings settings, CancellationToken cancellationToken = default);

    /// <summary>Returns the tenant, or throws <see cref="Errors.TenantUnavailableException"/> when unknown.</summary>
    /// <returns>The tenant.</returns>
    [Alias("GetInfo")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.Auditor, GridRoles.PrivacyOfficer, GridRoles.LegalHold, GridRoles.Analyst, GridRoles.Operator)]
    Task<TenantInfo> GetInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>Returns the tenant if it may record now; otherwise throws <see cref="Errors.TenantUnavailableException"/>.</summary>
    /// <returns>The tenant.</returns>
    [Alias("EnsureActive")]
    [InternalOnly]
    Task<TenantInfo> EnsureActiveAsync(CancellationToken cancellationToken = default);

    /// <summary>Suspends the tenant: no new recordings, no playback, until resumed.</summary>
    /// <returns>The tenant.</returns>
    [Alias("Suspend")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.Operator)]
    Task<TenantInfo> SuspendAsync(CancellationToken cancellationToken = default);

    /// <summary>Resumes a suspended tenant.</summary>
    /// <returns>The tenant.</returns>
    [Alias("Resume")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.Operator)]
    Task<TenantInfo> ResumeAsync(CancellationToken cancellationToken = default);

    /// <summary>Returns the tenant if its recordings may be read now (active, or terminating within the return window).</summary>
    /// <returns>The tenant.</returns>
    [Alias("EnsureReadable")]
    [InternalOnly]
    Task<TenantInfo> EnsureReadableAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Terminates the tenant: nothing new is recorded from now; the tenant may export during the return window;
    /// then every recording not under a legal hold is deleted and the tenant's keys destroyed, by the deadline
    /// (at most 15 days after <see cref="TerminationRequest.EffectiveAt"/>).
    /// </summary>
    /// <param name="request">Dates and who asked.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The tenant.</returns>
    [Alias("Terminate")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.Operator)]
    Task<TenantInfo> TerminateAsync(TerminationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Marks the post-termination deletion complete (called by the termination workflow).</summary>
    /// <returns>The tenant.</returns>
    [Alias("CompleteTermination")]
    [InternalOnly]
    Task<TenantInfo> CompleteTerminationAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the retention policy (audited).</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The tenant.</returns>
    [Alias("SetRetention")]
    [GridAccess(GridRoles.TenantAdmin)]
    Task<TenantInfo> SetRetentionPolicyAsync(RetentionPolicy policy, CancellationToken cancellationToken = default);

    /// <summary>Places a legal hold on one call, or on the whole tenant when <paramref name="callId"/> is null.</summary>
    /// <param name="caseReference">The case or matter reference (1–128 characters).</param>
    /// <param name="callId">The call, or null for every recording of the tenant.</param>
    /// <param name="legalBasis">The legal basis (court order, statutory duty...; up to 256 characters), or null.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The hold.</returns>
    [Alias("PlaceHold")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.LegalHold)]
    Task<LegalHold> PlaceHoldAsync(string caseReference, string? callId, string? legalBasis = null, CancellationToken cancellationToken = default);

    /// <summary>Releases a hold; retention resumes (expired recordings go at the next sweep).</summary>
    /// <param name="holdId">The hold.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The released hold.</returns>
    [Alias("ReleaseHold")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.LegalHold)]
    Task<LegalHold> ReleaseHoldAsync(string holdId, CancellationToken cancellationToken = default);

    /// <summary>The active hold covering a call (tenant-wide or for that call), or null.</summary>
    /// <param name="callId">The call.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The hold or null.</returns>
    [Alias("FindHold")]
    [InternalOnly]
    [Orleans.Concurrency.AlwaysInterleave] // read-only; a call grain asks while the tenant may be waiting for it (WORM hold sync)
    Task<LegalHold?> FindHoldAsync(string callId, CancellationToken cancellationToken = default);

    /// <summary>All holds, active and released.</summary>
    /// <returns>The holds.</returns>
    [Alias("GetHolds")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.LegalHold, GridRoles.Auditor)]
    Task<IReadOnlyList<LegalHold>> GetHoldsAsync(CancellationToken cancellationToken = default);
}
