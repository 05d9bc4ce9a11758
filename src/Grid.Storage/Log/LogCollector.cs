using Azure;
using Azure.Storage.Blobs.Models;

namespace Grid.Storage.Log;

/// <summary>
/// Physically removes log segments no recording needs any more. A segment goes when every call with a frame in it
/// is deleted (its manifest is gone: a started call always has one) or sealed without a reference to the segment
/// (a frame written twice by a retry). The delete is conditional on the segment's ETag as read, so a segment that
/// received a frame since it was judged is kept. A segment shared with a recording that still lives stays until that
/// recording goes (compaction, copying live frames out, is not built; the deleted recordings' frames in it are
/// unreadable, their keys' only wrapped copies being gone).
/// </summary>
public sealed class LogCollector(RecordingStore store, ManifestStore manifests, LogScanner scanner)
{
    /// <summary>Deletes the tenant's unneeded segments; returns how many were deleted.</summary>
    public async Task<int> CollectAsync(string tenantId, CancellationToken cancellationToken)
    {
        var container = await store.ContainerAsync(tenantId, cancellationToken);
        if (!await RecordingStore.GuardAsync(async () => (await container.ExistsAsync(cancellationToken)).Value))
        {
            return 0;
        }

        var segments = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "log/", cancellationToken))
        {
            segments.Add(blob.Name);
        }

        var needs = new Dictionary<string, HashSet<string>?>(StringComparer.Ordinal);
        var deleted = 0;
        foreach (var segment in segments)
        {
            if (await scanner.ReadSegmentAsync(tenantId, segment, cancellationToken) is not { } read)
            {
                continue;
            }

            var needed = false;
            foreach (var callId in read.Entries.Select(e => e.CallId).Distinct(StringComparer.Ordinal))
            {
                if (!needs.TryGetValue(callId, out var referenced))
                {
                    var manifest = await manifests.ReadAsync(tenantId, callId, cancellationToken);

                    // Null set: the call is still recording (it may still need any segment it wrote to).
                    referenced = manifest is null ? [] : manifest.FinalFrame is null ? null : manifest.Extents.Values.Select(e => e.Segment).ToHashSet(StringComparer.Ordinal);
                    needs[callId] = referenced;
                }

                if (referenced is null || referenced.Contains(segment))
                {
                    needed = true;
                    break;
                }
            }

            if (!needed && await DeleteAsync(container.GetBlobClient(segment), read.ETag, cancellationToken))
            {
                deleted++;
            }
        }

        return deleted;
    }

    private static Task<bool> DeleteAsync(Azure.Storage.Blobs.BlobClient blob, ETag etag, CancellationToken cancellationToken) =>
        RecordingStore.GuardAsync(async () =>
        {
            try
            {
                await blob.DeleteAsync(DeleteSnapshotsOption.IncludeSnapshots, new BlobRequestConditions { IfMatch = etag }, cancellationToken);
                return true;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                return false;
            }
        });
}
