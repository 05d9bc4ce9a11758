using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Grid.Errors;
using Microsoft.Extensions.Options;

namespace Grid.Storage;

/// <summary>
/// Durable storage of encrypted recordings in Azure Blob storage (see <see cref="RecordingLayout"/>). It only ever
/// sees ciphertext. Failures to reach storage become <see cref="StorageUnavailableException"/> (transient: the
/// operation did not take effect and may be retried).
/// </summary>
public sealed class RecordingStore(StorageAccounts accounts, IOptions<GridStorageOptions> options)
{
    private readonly ConcurrentDictionary<string, Task> containers = new(StringComparer.Ordinal);

    public int SegmentsPerPart { get; } = options.Value.SegmentsPerPart;

    /// <summary>Stages one block; durable when this returns.</summary>
    public async Task StageBlockAsync(string tenantId, string callId, int part, string blockId, byte[] content, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(tenantId, cancellationToken);
        var blob = await PartBlobAsync(tenantId, callId, part, cancellationToken);
        await GuardAsync(async () =>
        {
            using var stream = new MemoryStream(content, writable: false);
            await blob.StageBlockAsync(blockId, stream, cancellationToken: cancellationToken);
        });
    }

    /// <summary>
    /// Every block of a part, committed or not, by id (after a grain reactivation: what was stored before).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> GetBlocksAsync(string tenantId, string callId, int part, CancellationToken cancellationToken)
    {
        var blob = await PartBlobAsync(tenantId, callId, part, cancellationToken);
        return await GuardAsync(async () =>
        {
            try
            {
                var list = await blob.GetBlockListAsync(BlockListTypes.All, cancellationToken: cancellationToken);
                var result = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var block in list.Value.CommittedBlocks.Concat(list.Value.UncommittedBlocks))
                {
                    result[block.Name] = block.SizeLong;
                }

                return (IReadOnlyDictionary<string, long>)result;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return new Dictionary<string, long>();
            }
        });
    }

    /// <summary>The committed block ids of a part, in order.</summary>
    public async Task<IReadOnlyList<string>> GetCommittedBlockIdsAsync(string tenantId, string callId, int part, CancellationToken cancellationToken)
    {
        var blob = await PartBlobAsync(tenantId, callId, part, cancellationToken);
        return await GuardAsync(async () =>
        {
            var list = await blob.GetBlockListAsync(BlockListTypes.Committed, cancellationToken: cancellationToken);
            return (IReadOnlyList<string>)list.Value.CommittedBlocks.Select(b => b.Name).ToList();
        });
    }

    /// <summary>The ids of every call with stored blocks in the tenant's container (committed or not).</summary>
    public async IAsyncEnumerable<string> ListCallIdsAsync(string tenantId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(tenantId, cancellationToken);
        if (!await GuardAsync(async () => (await container.ExistsAsync(cancellationToken)).Value))
        {
            yield break;
        }

        string? last = null;
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, "calls/", cancellationToken))
        {
            var rest = blob.Name["calls/".Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && rest[..slash] is var callId && callId != last)
            {
                last = callId;
                yield return callId;
            }
        }
    }

    /// <summary>Commits a part's block list in the given order; the part becomes readable.</summary>
    public async Task CommitAsync(string tenantId, string callId, int part, IReadOnlyList<string> blockIds, CancellationToken cancellationToken)
    {
        var blob = await PartBlobAsync(tenantId, callId, part, cancellationToken);
        await GuardAsync(() => blob.CommitBlockListAsync(blockIds, cancellationToken: cancellationToken));
    }

    /// <summary>Deletes the recording's part blobs (committed or not); idempotent.</summary>
    public async Task DeleteRecordingAsync(string tenantId, string callId, IReadOnlyList<int> parts, CancellationToken cancellationToken)
    {
        foreach (var part in parts)
        {
            var blob = await PartBlobAsync(tenantId, callId, part, cancellationToken);
            await GuardAsync(() => blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken));
        }
    }

    /// <summary>Deletes the tenant's container if it holds no blob; returns true when it is gone.</summary>
    public async Task<bool> DeleteContainerIfEmptyAsync(string tenantId, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(tenantId, cancellationToken);
        return await GuardAsync(async () =>
        {
            if (!(await container.ExistsAsync(cancellationToken)).Value)
            {
                return true;
            }

            await foreach (var unused in container.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, null, cancellationToken))
            {
                return false;
            }

            await container.DeleteIfExistsAsync(cancellationToken: cancellationToken);
            containers.TryRemove(container.Uri.AbsoluteUri, out _);
            return true;
        });
    }

    /// <summary>Opens the recording's committed parts, in order, as one read-only stream.</summary>
    public async Task<Stream> OpenReadAsync(string tenantId, string callId, IReadOnlyList<int> parts, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(tenantId, cancellationToken);
        return new SequentialBlobStream(parts.Select(p => container.GetBlockBlobClient(RecordingLayout.PartBlobName(callId, p))).ToList());
    }

    /// <summary>Opens a recording kept as one RGRD blob (restored from the replica); a missing blob fails with 404 on read.</summary>
    public async Task<Stream> OpenWholeAsync(string tenantId, string callId, CancellationToken cancellationToken) =>
        new SequentialBlobStream([(await ContainerAsync(tenantId, cancellationToken)).GetBlockBlobClient(RecordingLayout.RecordingBlobName(callId))]);

    /// <summary>Deletes a recording's whole-file blob, if any.</summary>
    public async Task DeleteWholeAsync(string tenantId, string callId, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(tenantId, cancellationToken);
        await GuardAsync(() => container.GetBlobClient(RecordingLayout.RecordingBlobName(callId)).DeleteIfExistsAsync(cancellationToken: cancellationToken));
    }

    /// <summary>The tenant's container (one per tenant: recordings, manifests and log segments) in its region's account.</summary>
    public async ValueTask<BlobContainerClient> ContainerAsync(string tenantId, CancellationToken cancellationToken) =>
        (await accounts.ForTenantAsync(tenantId, cancellationToken)).Blobs.GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));

    /// <summary>Ensures the tenant's container exists (created once per process).</summary>
    public async Task EnsureContainerAsync(string tenantId, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(tenantId, cancellationToken);
        var key = container.Uri.AbsoluteUri;
        var task = containers.GetOrAdd(key, _ => GuardAsync(() => container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None)));
        if (task.IsFaulted || task.IsCanceled)
        {
            containers.TryRemove(new KeyValuePair<string, Task>(key, task));
        }

        await task;
    }

    internal static async Task<T> GuardAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (RequestFailedException e) when (IsTransient(e))
        {
            throw new StorageUnavailableException($"Blob storage did not accept the request (HTTP {e.Status}); nothing was acknowledged. Retry with the same arguments.", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException or TimeoutException or TaskCanceledException { CancellationToken.IsCancellationRequested: false } or AggregateException)
        {
            throw new StorageUnavailableException("Blob storage is unreachable; nothing was acknowledged. Retry with the same arguments.", e);
        }
    }

    internal static Task GuardAsync(Func<Task> action) => GuardAsync(async () =>
    {
        await action();
        return true;
    });

    private static bool IsTransient(RequestFailedException e) => e.Status is 0 or 408 or 429 or >= 500;

    private async ValueTask<BlockBlobClient> PartBlobAsync(string tenantId, string callId, int part, CancellationToken cancellationToken) =>
        (await ContainerAsync(tenantId, cancellationToken)).GetBlockBlobClient(RecordingLayout.PartBlobName(callId, part));
}
