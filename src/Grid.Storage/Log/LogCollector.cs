using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace Grid.Storage.Log;

/// <summary>
/// Physically removes what no recording needs from a tenant's log. A frame is live while its call is recording (the
/// call may still need any segment it wrote to) or while its sealed call's manifest points at it; every other frame
/// is dead (its call was deleted, or it is the unused copy of a retried write). A segment with no live frame is
/// deleted; a segment with dead and live frames that has not changed for <see cref="RecordingLogOptions.CompactionGrace"/>
/// is compacted (<see cref="LogCompactor"/>: its live frames copied to a new segment, the manifests pointed there,
/// the old segment marked) and deleted once the grace has passed again. Deletes are conditional on the ETag as
/// judged, so a segment that received a frame since is kept.
/// </summary>
/// <remarks>Ages are measured on the system clock against the storage's own timestamps, never on the Grid's (test) clock.</remarks>
public sealed class LogCollector(RecordingStore store, ManifestStore manifests, LogScanner scanner, IOptions<RecordingLogOptions>? options = null)
{
    private readonly RecordingLogOptions settings = options?.Value ?? new RecordingLogOptions();
    private readonly TimeProvider clock = TimeProvider.System;

    /// <summary>
    /// Deletes the tenant's unneeded segments and compacts those worth it, within the sweep's budget. At once
    /// (<paramref name="immediate"/>, termination): no grace, no budget, and a compacted segment is deleted in the
    /// same call, so only segments holding frames of held recordings' copies remain.
    /// </summary>
    public async Task<LogCollection> CollectAsync(string tenantId, CancellationToken cancellationToken, bool immediate = false)
    {
        var container = await store.ContainerAsync(tenantId, cancellationToken);
        if (!await RecordingStore.GuardAsync(async () => (await container.ExistsAsync(cancellationToken)).Value))
        {
            return new LogCollection(0, 0, 0);
        }

        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "log/", cancellationToken))
        {
            names.Add(blob.Name);
        }

        var now = clock.GetUtcNow();
        var deleted = 0;
        var candidates = new List<(LogSegmentRead Segment, List<(string CallId, LogExtent Extent)> Live, long DeadBytes)>();
        foreach (var name in names)
        {
            if (await scanner.ReadSegmentAsync(tenantId, name, cancellationToken) is not { } segment)
            {
                continue;
            }

            // Manifests are read per segment, not kept for the whole tenant: memory stays bounded by one segment's calls
            // (a call whose frames span several segments is read once per segment).
            var (recording, live, deadBytes) = await JudgeAsync(tenantId, segment, new Dictionary<string, RecordingManifest?>(StringComparer.Ordinal), cancellationToken);
            var settled = immediate || now - segment.LastModified >= settings.CompactionGrace;
            if (recording)
            {
                continue;
            }

            // A marked segment that still has live frames: a relocation was interrupted; settled, it is compacted again.
            if (live.Count == 0)
            {
                // A compacted segment waits out the grace: a playback that read the old positions finishes first.
                if ((segment.CompactedAt is null || settled) && await DeleteAsync(container.GetBlobClient(name), segment.ETag, cancellationToken))
                {
                    deleted++;
                }
            }
            else if (deadBytes > 0 && settled)
            {
                candidates.Add((segment, live, deadBytes));
            }
        }

        // The most dead first, as far as the budget of bytes copied allows; the rest waits for the next collection.
        var compactor = new LogCompactor(store, manifests, settings);
        var budget = immediate ? long.MaxValue : settings.CompactionBytesPerSweep;
        var compacted = 0;
        long copied = 0;
        foreach (var (segment, live, bytes) in candidates
            .Select(c => (c.Segment, c.Live, LiveBytes: c.Live.Sum(l => (long)l.Extent.Length), c.DeadBytes))
            .OrderByDescending(c => (double)c.DeadBytes / (c.DeadBytes + c.LiveBytes))
            .Select(c => (c.Segment, c.Live, c.LiveBytes)))
        {
            if (copied + bytes > budget)
            {
                continue;
            }

            var marked = await compactor.CompactAsync(tenantId, segment, live, clock.GetUtcNow(), cancellationToken);
            copied += bytes;
            compacted++;
            if (immediate && marked is { } etag && await DeleteAsync(container.GetBlobClient(segment.Name), etag, cancellationToken))
            {
                deleted++;
            }
        }

        return new LogCollection(deleted, compacted, copied);
    }

    // Whether a call with a frame in the segment is still recording, and which frames are live.
    private async Task<(bool Recording, List<(string CallId, LogExtent Extent)> Live, long DeadBytes)> JudgeAsync(
        string tenantId, LogSegmentRead segment, Dictionary<string, RecordingManifest?> calls, CancellationToken cancellationToken)
    {
        var live = new List<(string, LogExtent)>();
        long deadBytes = 0;
        foreach (var (callId, extent) in segment.Entries)
        {
            if (!calls.TryGetValue(callId, out var manifest))
            {
                manifest = await manifests.ReadAsync(tenantId, callId, cancellationToken);
                calls[callId] = manifest;
            }

            if (manifest is not null && manifest.FinalFrame is null)
            {
                return (true, live, 0);
            }

            if (manifest is not null && manifest.Extents.TryGetValue(extent.Sequence, out var known)
                && string.Equals(known.Segment, segment.Name, StringComparison.Ordinal) && known.Offset == extent.Offset)
            {
                live.Add((callId, extent));
            }
            else
            {
                deadBytes += extent.Length;
            }
        }

        return (false, live, deadBytes);
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

/// <summary>What one collection did: segments deleted, segments compacted, live bytes copied by compaction.</summary>
public sealed record LogCollection(int Deleted, int Compacted, long BytesCopied);
