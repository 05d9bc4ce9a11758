using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Grid.Tests.Security;

/// <summary>
/// Every blob and table row that belongs to a tenant, with its ETag: equal snapshots mean nothing changed. Orleans'
/// stream pub-sub bookkeeping (<c>grid-pubsub</c>) is left out: the silo writes it in the background after a tenant's
/// events start, whatever any later call does.
/// </summary>
public static class TenantStorageSnapshot
{
    public static async Task<List<string>> TakeAsync(string connectionString, string tenantId)
    {
        var rows = new List<string>();
        var blobs = new BlobServiceClient(connectionString);
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            if (container.Name == "grid-pubsub")
            {
                continue;
            }

            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                if (container.Name.Contains(tenantId, StringComparison.Ordinal) || blob.Name.Contains(tenantId, StringComparison.Ordinal))
                {
                    rows.Add($"blob {container.Name}/{blob.Name} {blob.Properties.ETag}");
                }
            }
        }

        var tables = new TableServiceClient(connectionString);
        await foreach (var table in tables.QueryAsync())
        {
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                if (entity.PartitionKey.Contains(tenantId, StringComparison.Ordinal) || entity.RowKey.Contains(tenantId, StringComparison.Ordinal))
                {
                    rows.Add($"row {table.Name}/{entity.PartitionKey}/{entity.RowKey} {entity.ETag}");
                }
            }
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
