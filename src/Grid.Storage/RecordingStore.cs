using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Grid.Errors;

namespace Grid.Storage;

/// <summary>
/// Durable storage of encrypted recordings in Azure Blob storage (see <see cref="RecordingLayout"/>). It only ever
/// sees ciphertext. Failures to reach storage become <see cref="StorageUnavailableException"/> (transient: the
/// operation did not take effect and may be retried).
/// </summary>
public sealed class RecordingStore(StorageAccounts accounts)
{
    private readonly ConcurrentDictionary<string, Task> containers = new(StringComparer.Ordinal);

    /// <summary>
    /// The ids of every call with a blob under <c>calls/</c> in the tenant's container: its manifest, a restored whole
    /// file, or a layout v1 recording's part blobs (committed or not, so that termination finds and deletes them too).
    /// </summary>
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

    /// <summary>Opens a recording kept as one RGRD blob (restored from the replica); a missing blob fails with 404 on read.</summary>
    public async Task<Stream> OpenWholeAsync(string tenantId, string callId, CancellationToken cancellationToken) =>
        new SequentialBlobStream([(await ContainerAsync(tenantId, cancellationToken)).GetBlockBlobClient(RecordingLayout.RecordingBlobName(callId))]);

    /// <summary>
    /// Writes a recording as one RGRD blob (a redacted version, or a whole file whose header was re-wrapped), replacing
    /// the whole-file blob there was: the new content becomes visible at once when the returned stream is disposed.
    /// </summary>
    public async Task<Stream> OpenWholeWriteAsync(string tenantId, string callId, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(tenantId, cancellationToken);
        var blob = (await ContainerAsync(tenantId, cancellationToken)).GetBlockBlobClient(RecordingLayout.RecordingBlobName(callId));
        return await GuardAsync(() => blob.OpenWriteAsync(overwrite: true, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Deletes every blob under the recording's prefix (<see cref="RecordingLayout.CallPrefix"/>): the whole-file blob
    /// of a restored copy, the manifest if still there, and whatever an older layout left (a layout v1 recording's
    /// part blobs, committed or not). Idempotent; returns the names deleted.
    /// </summary>
    public async Task<IReadOnlyList<string>> DeleteCallBlobsAsync(string tenantId, string callId, CancellationToken cancellationToken) =>
        await DeleteUnderAsync(await ContainerAsync(tenantId, cancellationToken), RecordingLayout.CallPrefix(callId), cancellationToken);

    /// <summary>Deletes every blob of <paramref name="container"/> whose name starts with <paramref name="prefix"/>; the names deleted.</summary>
    internal static Task<IReadOnlyList<string>> DeleteUnderAsync(BlobContainerClient container, string prefix, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            var names = new List<string>();
            try
            {
                await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, prefix, cancellationToken))
                {
                    names.Add(blob.Name);
                }
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return (IReadOnlyList<string>)names;
            }

            foreach (var name in names)
            {
                await container.GetBlobClient(name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
            }

            return names;
        });

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
}
