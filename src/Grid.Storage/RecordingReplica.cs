using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Grid.Storage;

/// <summary>
/// The encrypted replica of sealed recordings in a second storage account, and the restore that brings a tenant's
/// recordings back from it. Only ciphertext is copied: the replica is as unreadable without the tenant's key as the
/// primary, so destroying the key (crypto-shredding) covers it too.
/// </summary>
public sealed class RecordingReplica(StorageAccounts accounts)
{
    /// <summary>True when at least one account has a replica.</summary>
    public bool Enabled => accounts.Accounts.Any(a => a.ReplicaBlobs is not null);

    /// <summary>True when <paramref name="tenantId"/>'s region has a replica.</summary>
    public async ValueTask<bool> EnabledForAsync(string tenantId, CancellationToken cancellationToken) =>
        (await accounts.ForTenantAsync(tenantId, cancellationToken)).ReplicaBlobs is not null;

    /// <summary>Writes a sealed log recording to the replica as one RGRD blob (idempotent: overwrites).</summary>
    public async Task ReplicateAsync(string tenantId, string callId, Stream recording, CancellationToken cancellationToken)
    {
        if ((await accounts.ForTenantAsync(tenantId, cancellationToken)).ReplicaBlobs is not { } replica)
        {
            return;
        }

        var target = replica.GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));
        await RecordingStore.GuardAsync(() => target.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        await RecordingStore.GuardAsync(() => target.GetBlobClient(RecordingLayout.RecordingBlobName(callId)).UploadAsync(recording, overwrite: true, cancellationToken));
    }

    /// <summary>Deletes every replica blob of the recording (its whole file, and a layout v1 recording's part copies); idempotent.</summary>
    public async Task DeleteAsync(string tenantId, string callId, CancellationToken cancellationToken)
    {
        if ((await accounts.ForTenantAsync(tenantId, cancellationToken)).ReplicaBlobs is not { } replica)
        {
            return;
        }

        await RecordingStore.DeleteUnderAsync(replica.GetBlobContainerClient(RecordingLayout.ContainerName(tenantId)), RecordingLayout.CallPrefix(callId), cancellationToken);
    }

    /// <summary>
    /// Copies every replica blob of the tenant that is missing from the primary back into it (the primary's
    /// container is recreated if it was lost). Returns the number of blobs restored.
    /// </summary>
    public async Task<int> RestoreTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        var clients = await accounts.ForTenantAsync(tenantId, cancellationToken);
        if (clients.ReplicaBlobs is not { } replica)
        {
            throw new InvalidOperationException("The tenant's region has no replica (Grid:Storage:ReplicaConnectionString, or the region's Storage:ReplicaConnectionString).");
        }

        var name = RecordingLayout.ContainerName(tenantId);
        var source = replica.GetBlobContainerClient(name);
        var target = clients.Blobs.GetBlobContainerClient(name);
        await RecordingStore.GuardAsync(() => target.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        var restored = 0;
        await foreach (var blob in source.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, cancellationToken))
        {
            var destination = target.GetBlobClient(blob.Name);
            if (!(await destination.ExistsAsync(cancellationToken)).Value)
            {
                await CopyAsync(source.GetBlobClient(blob.Name), destination, cancellationToken);
                restored++;
            }
        }

        return restored;
    }

    private static Task CopyAsync(BlobClient from, BlobClient to, CancellationToken cancellationToken) =>
        RecordingStore.GuardAsync(async () =>
        {
            try
            {
                var content = await from.DownloadStreamingAsync(cancellationToken: cancellationToken);
                await using var stream = content.Value.Content;
                await to.UploadAsync(stream, overwrite: true, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Nothing to copy (a blob with no committed content, or deleted since it was listed).
            }
        });
}
