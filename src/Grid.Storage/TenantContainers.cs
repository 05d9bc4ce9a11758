using System.Collections.Concurrent;
using Azure.Storage.Blobs;

namespace Grid.Storage;

/// <summary>One shared blob container of the Grid in every account (each tenant's blobs in its region's account), created once per account.</summary>
internal sealed class TenantContainers(StorageAccounts accounts, string containerName)
{
    private readonly ConcurrentDictionary<string, AsyncOnce<BlobContainerClient>> containers = new(StringComparer.Ordinal);

    /// <summary>The container in <paramref name="tenantId"/>'s account.</summary>
    public async ValueTask<BlobContainerClient> ForAsync(string tenantId, CancellationToken cancellationToken)
    {
        var account = await accounts.ForTenantAsync(tenantId, cancellationToken);
        return await containers.GetOrAdd(account.Endpoint.AbsoluteUri, _ => new AsyncOnce<BlobContainerClient>(async () =>
        {
            var client = account.Blobs.GetBlobContainerClient(containerName);
            await RecordingStore.GuardAsync(() => client.CreateIfNotExistsAsync());
            return client;
        })).Value;
    }
}
