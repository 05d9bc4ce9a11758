using Grid.Security;

namespace Grid.Completeness;

/// <summary>
/// A tenant's capture completeness, keyed by tenant id: the calls its phone system says took place, reconciled with its
/// recordings (by reference, else parties and time), and the report of what is recorded, missing, partial or paused.
/// </summary>
[Alias("Grid.Completeness.ICompletenessGrain")]
public interface ICompletenessGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds expected calls (1 to 5,000; each kept once). Parties are encrypted under the tenant's key and indexed
    /// blind. Reconciliation runs at each report and on a reminder after each call's recheck time.
    /// </summary>
    /// <param name="calls">The call records.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many were added.</returns>
    [Alias("Import")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.Recorder)]
    Task<CompletenessImport> ImportAsync(IReadOnlyList<ExpectedCall> calls, CancellationToken cancellationToken = default);

    /// <summary>Reconciles and reports the expected calls that started in [<paramref name="from"/>, <paramref name="to"/>) (at most 31 days).</summary>
    /// <param name="from">Start.</param>
    /// <param name="to">End (exclusive).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The report; parties only for an analyst.</returns>
    [Alias("GetReport")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.PrivacyOfficer, GridRoles.Auditor, GridRoles.Analyst)]
    Task<CompletenessReport> GetReportAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>The reconciliation policy.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The policy (the defaults until set).</returns>
    [Alias("GetPolicy")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.PrivacyOfficer, GridRoles.Auditor)]
    Task<CompletenessPolicy> GetPolicyAsync(CancellationToken cancellationToken = default);

    /// <summary>Sets the reconciliation policy (audited).</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The policy as stored.</returns>
    [Alias("SetPolicy")]
    [GridAccess(GridRoles.TenantAdmin)]
    Task<CompletenessPolicy> SetPolicyAsync(CompletenessPolicy policy, CancellationToken cancellationToken = default);
}

/// <summary>
/// One hour of a tenant's expected calls (key <c>{tenantId}/{yyyy-MM-ddTHH}</c>, UTC), bounded so its state stays small:
/// their reconciliation state and their alerts. Internal: reached through <see cref="ICompletenessGrain"/>.
/// </summary>
[Alias("Grid.Completeness.ICompletenessHourGrain")]
public interface ICompletenessHourGrain : IGrainWithStringKey
{
    /// <summary>Adds calls of this hour (already validated).</summary>
    /// <param name="calls">The calls.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Added and duplicate counts.</returns>
    [Alias("Add")]
    [InternalOnly]
    Task<CompletenessImport> AddAsync(IReadOnlyList<ExpectedCall> calls, CancellationToken cancellationToken = default);

    /// <summary>Reconciles the hour's calls with the recordings and returns them (parties decrypted when asked).</summary>
    /// <param name="policy">The tenant's policy.</param>
    /// <param name="withParties">Whether to decrypt the parties.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The calls.</returns>
    [Alias("Reconcile")]
    [InternalOnly]
    Task<IReadOnlyList<ReconciledCall>> ReconcileAsync(CompletenessPolicy policy, bool withParties, CancellationToken cancellationToken = default);
}
