using Grid.Security;

namespace Grid.Governance;

/// <summary>Generates a tenant's record of processing and DPIA input from live configuration (keyed by tenant id).</summary>
[Alias("Grid.Governance.IRecordOfProcessingGrain")]
public interface IRecordOfProcessingGrain : IGrainWithStringKey
{
    /// <summary>The record as of now (audited: who asked).</summary>
    /// <returns>The record.</returns>
    [Alias("Get")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.PrivacyOfficer, GridRoles.Auditor, GridRoles.Operator)]
    Task<RecordOfProcessing> GetAsync(CancellationToken cancellationToken = default);
}
