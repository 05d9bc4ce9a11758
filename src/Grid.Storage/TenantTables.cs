using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace Grid.Storage;

/// <summary>One table of the Grid in every account (each tenant's rows in its region's account), created once per account.</summary>
internal sealed class TenantTables(StorageAccounts accounts, string tableName)
{
    private readonly ConcurrentDictionary<string, AsyncOnce<TableClient>> tables = new(StringComparer.Ordinal);

    /// <summary>The table in <paramref name="tenantId"/>'s account.</summary>
    public async ValueTask<TableClient> ForAsync(string tenantId, CancellationToken cancellationToken)
    {
        var account = await accounts.ForTenantAsync(tenantId, cancellationToken);
        return await tables.GetOrAdd(account.Endpoint.AbsoluteUri, _ => new AsyncOnce<TableClient>(async () =>
        {
            var client = account.Tables.GetTableClient(tableName);
            await RecordingStore.GuardAsync(() => client.CreateIfNotExistsAsync());
            return client;
        })).Value;
    }
}
