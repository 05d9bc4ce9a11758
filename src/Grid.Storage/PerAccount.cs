using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Grid.Storage;

/// <summary>
/// One shared resource of the Grid (a table, a container) in every account: a tenant gets its region's, created
/// once per account and process (again after a failure).
/// </summary>
internal sealed class PerAccount<T>(StorageAccounts accounts, Func<GridStorageClients, Task<T>> create)
{
    private readonly ConcurrentDictionary<string, AsyncOnce<T>> created = new(StringComparer.Ordinal);

    /// <summary>The resource in <paramref name="tenantId"/>'s account.</summary>
    public async ValueTask<T> ForAsync(string tenantId, CancellationToken cancellationToken)
    {
        var account = await accounts.ForTenantAsync(tenantId, cancellationToken);
        return await created.GetOrAdd(account.Endpoint.AbsoluteUri, _ => new AsyncOnce<T>(() => create(account))).Value;
    }
}

/// <summary>The Grid's shared tables and containers, per account.</summary>
internal static class PerAccount
{
    public static PerAccount<TableClient> Table(StorageAccounts accounts, string name) => new(accounts, async account =>
    {
        var client = account.Tables.GetTableClient(name);
        await RecordingStore.GuardAsync(() => client.CreateIfNotExistsAsync());
        return client;
    });

    public static PerAccount<BlobContainerClient> Container(StorageAccounts accounts, string name) => new(accounts, async account =>
    {
        var client = account.Blobs.GetBlobContainerClient(name);
        await RecordingStore.GuardAsync(() => client.CreateIfNotExistsAsync());
        return client;
    });
}
