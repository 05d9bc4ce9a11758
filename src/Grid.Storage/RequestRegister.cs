using Azure.Data.Tables;
using Grid.Requests;

namespace Grid.Storage;

/// <summary>
/// The tenants' register of data-subject requests (Azure Table <c>gridrequests</c>, partition = tenant, row = request
/// id): kind, status, dates and the tenant's reference; never an identifier. Written by each request at every step,
/// read to list a tenant's requests.
/// </summary>
public sealed class RequestRegister(StorageAccounts accounts)
{
    public const string TableName = "gridrequests";

    private readonly PerAccount<TableClient> table = PerAccount.Table(accounts, TableName);

    /// <summary>Records the request's current state.</summary>
    public async Task RecordAsync(DataSubjectRequestInfo request, CancellationToken cancellationToken)
    {
        var client = await table.ForAsync(request.TenantId, cancellationToken);
        var entity = new TableEntity(request.TenantId, request.RequestId)
        {
            ["Kind"] = (int)request.Kind,
            ["Status"] = (int)request.Status,
            ["ReceivedAt"] = request.ReceivedAt,
            ["Deadline"] = request.Deadline,
            ["Reference"] = request.Reference,
            ["Extended"] = request.ExtensionReason is not null,
        };
        if (request.ClosedAt is { } closed)
        {
            entity["ClosedAt"] = closed;
        }

        await RecordingStore.GuardAsync(() => client.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken));
    }

    /// <summary>The tenant's requests (open ones only when <paramref name="openOnly"/>), by deadline.</summary>
    public async Task<IReadOnlyList<DataSubjectRequestInfo>> ListAsync(string tenantId, bool openOnly, CancellationToken cancellationToken)
    {
        var client = await table.ForAsync(tenantId, cancellationToken);
        return await RecordingStore.GuardAsync(async () =>
        {
            var result = new List<DataSubjectRequestInfo>();
            await foreach (var row in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), cancellationToken: cancellationToken))
            {
                var status = (DataSubjectRequestStatus)(row.GetInt32("Status") ?? 0);
                if (openOnly && status is DataSubjectRequestStatus.Completed or DataSubjectRequestStatus.Refused)
                {
                    continue;
                }

                result.Add(new DataSubjectRequestInfo
                {
                    TenantId = tenantId,
                    RequestId = row.RowKey,
                    Kind = (DataSubjectRequestKind)(row.GetInt32("Kind") ?? 0),
                    Status = status,
                    Reference = row.GetString("Reference"),
                    ReceivedAt = row.GetDateTimeOffset("ReceivedAt") ?? default,
                    Deadline = row.GetDateTimeOffset("Deadline") ?? default,
                    ClosedAt = row.GetDateTimeOffset("ClosedAt"),
                });
            }

            return (IReadOnlyList<DataSubjectRequestInfo>)[.. result.OrderBy(r => r.Deadline).ThenBy(r => r.RequestId, StringComparer.Ordinal)];
        });
    }
}
