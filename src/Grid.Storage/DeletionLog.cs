using Azure.Data.Tables;

namespace Grid.Storage;

/// <summary>
/// What was deleted, per tenant (Azure Table <c>griddeletions</c>): partition = tenant id, row = call id; when, why,
/// and a SHA-256 of the deleted object names. The source of deletion certificates. Ids, hashes and times only.
/// </summary>
public sealed class DeletionLog(StorageAccounts accounts)
{
    public const string TableName = "griddeletions";

    private readonly PerAccount<TableClient> table = PerAccount.Table(accounts, TableName);

    public async Task RecordAsync(string tenantId, string callId, DateTimeOffset deletedAt, string reason, string objectHash, CancellationToken cancellationToken)
    {
        var client = await table.ForAsync(tenantId, cancellationToken);
        var entity = new TableEntity(tenantId, callId) { ["DeletedAt"] = deletedAt, ["Reason"] = reason, ["ObjectHash"] = objectHash };
        await RecordingStore.GuardAsync(() => client.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken));
    }

    public async Task<IReadOnlyList<DeletionEntry>> ReadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var client = await table.ForAsync(tenantId, cancellationToken);
        return await RecordingStore.GuardAsync(async () =>
        {
            var result = new List<DeletionEntry>();
            await foreach (var e in client.QueryAsync<TableEntity>(x => x.PartitionKey == tenantId, cancellationToken: cancellationToken))
            {
                result.Add(new DeletionEntry(e.RowKey, e.GetDateTimeOffset("DeletedAt")!.Value, e.GetString("Reason"), e.GetString("ObjectHash")));
            }

            return (IReadOnlyList<DeletionEntry>)result;
        });
    }
}

public sealed record DeletionEntry(string CallId, DateTimeOffset DeletedAt, string Reason, string ObjectHash);
