using Grid.Requests;
using Grid.Storage;
using Orleans.Concurrency;

namespace Grid.Grains.Requests;

/// <summary>Lists a tenant's data-subject requests from the register (<see cref="RequestRegister"/>).</summary>
[StatelessWorker]
public sealed class DataSubjectRequestRegisterGrain(RequestRegister register) : Grain, IDataSubjectRequestRegisterGrain
{
    public Task<IReadOnlyList<DataSubjectRequestInfo>> ListAsync(bool openOnly, CancellationToken cancellationToken = default) =>
        register.ListAsync(GridIds.RequireTenantId(this.GetPrimaryKeyString()), openOnly, cancellationToken);
}
