using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Grid.Storage;

/// <summary>
/// The durable due-index of recordings by retention expiry (Azure Table <c>gridretention</c>): partition
/// <c>{tenantId}_{yyyyMMdd}</c> (the expiry day), row = call id. A sweep reads the partitions up to today, so a
/// tenant with millions of recordings needs one reminder, not millions. Ids and dates only.
/// </summary>
public sealed class RetentionIndex(StorageAccounts accounts)
{
    public const string TableName = "gridretention";

    private readonly PerAccount<TableClient> table = PerAccount.Table(accounts, TableName);

    public async Task AddAsync(string tenantId, string callId, DateTimeOffset retainUntil, CancellationToken cancellationToken)
    {
        var client = await table.ForAsync(tenantId, cancellationToken);
        var entity = new TableEntity(Partition(tenantId, retainUntil), callId) { ["RetainUntil"] = retainUntil };
        await RecordingStore.GuardAsync(() => client.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken));
    }

    public async Task RemoveAsync(string tenantId, string callId, DateTimeOffset retainUntil, CancellationToken cancellationToken)
    {
        var client = await table.ForAsync(tenantId, cancellationToken);
        await RecordingStore.GuardAsync(async () =>
        {
            try
            {
                await client.DeleteEntityAsync(Partition(tenantId, retainUntil), callId, ETag.All, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Already gone.
            }
        });
    }

    /// <summary>Every entry of the tenant due at or before <paramref name="now"/>.</summary>
    public async Task<IReadOnlyList<(string CallId, DateTimeOffset RetainUntil)>> DueAsync(string tenantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var client = await table.ForAsync(tenantId, cancellationToken);
        var from = $"{tenantId}_00000000";
        var to = Partition(tenantId, now);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey le {to} and RetainUntil le {now}");
        return await RecordingStore.GuardAsync(async () =>
        {
            var result = new List<(string, DateTimeOffset)>();
            await foreach (var entity in client.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                result.Add((entity.RowKey, entity.GetDateTimeOffset("RetainUntil")!.Value));
            }

            return (IReadOnlyList<(string, DateTimeOffset)>)result;
        });
    }

    /// <summary>Every entry of the tenant, due or not (for termination and tests).</summary>
    public async Task<int> CountAsync(string tenantId, CancellationToken cancellationToken)
    {
        var client = await table.ForAsync(tenantId, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {tenantId + "_"} and PartitionKey lt {tenantId + "`"}");
        return await RecordingStore.GuardAsync(async () =>
        {
            var count = 0;
            await foreach (var unused in client.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                count++;
            }

            return count;
        });
    }

    private static string Partition(string tenantId, DateTimeOffset day) =>
        string.Create(CultureInfo.InvariantCulture, $"{tenantId}_{day.UtcDateTime:yyyyMMdd}");
}
