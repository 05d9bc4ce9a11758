using Grid.Completeness;

namespace Grid.Client;

/// <summary>
/// Capture completeness: tells the Grid which calls should have been recorded and reads the reconciliation. A recorder
/// frontend that sees the phone system's call records (a PBX or contact-centre integration) reports them under its
/// recorder credential; a tenant administrator, privacy officer, auditor or analyst reads the report under a person's
/// token (<see cref="Credentials.GridCredentials.Use"/>). The same operations as the customer API's
/// <c>.../completeness</c> routes.
/// </summary>
public sealed class GridCompleteness(IClusterClient client)
{
    /// <summary>
    /// Reports expected calls (1 to 5,000; roles recorder or tenant administrator). Parties are encrypted on receipt and
    /// matched through the blind index; a call already reported is counted as a duplicate, not added twice.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="calls">The call records.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many were accepted and how many were duplicates.</returns>
    public Task<CompletenessImport> ReportExpectedAsync(string tenantId, IReadOnlyList<ExpectedCall> calls, CancellationToken cancellationToken = default) =>
        Grain(tenantId).ImportAsync(calls, cancellationToken);

    /// <summary>Reconciles and reports the expected calls that started in [<paramref name="from"/>, <paramref name="to"/>) (at most 31 days).</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="from">Start.</param>
    /// <param name="to">End (exclusive).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Counts per line and in total, coverage, and the missing calls (parties only for an analyst).</returns>
    public Task<CompletenessReport> GetReportAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        Grain(tenantId).GetReportAsync(from, to, cancellationToken);

    private ICompletenessGrain Grain(string tenantId) => client.GetGrain<ICompletenessGrain>(tenantId);
}
