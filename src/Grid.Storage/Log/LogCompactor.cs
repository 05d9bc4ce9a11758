using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Grid.Storage.Log;

/// <summary>
/// Copies the live frames of segments that also hold dead ones into new segments of the same tenant (lane
/// <c>{random}-c</c>, the log's own batch format, so they are read, judged and compacted like any other), marks the
/// old segment compacted, then appends a relocation to each recording's manifest; the collector deletes the old
/// segment once the grace has passed (or compacts it again after the grace if a relocation was interrupted). Frames
/// are copied as stored (ciphertext, verified again at playback); nothing is decrypted. A recording deleted meanwhile
/// keeps no manifest: its copied frames are dead in the new segment.
/// </summary>
internal sealed class LogCompactor(RecordingStore store, ManifestStore manifests, RecordingLogOptions options)
{
    private const int ReadWindow = 4 * 1024 * 1024;
    private Target? target;

    /// <summary>Compacts one segment; returns its ETag after the mark, or null (nothing relocated) when it changed since it was judged.</summary>
    public async Task<ETag?> CompactAsync(string tenantId, LogSegmentRead segment, List<(string CallId, LogExtent Extent)> live, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var container = await store.ContainerAsync(tenantId, cancellationToken);
        var source = container.GetBlobClient(segment.Name);
        target ??= new Target(container, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)) + "-c", options);
        var moved = new Dictionary<string, List<LogExtent>>(StringComparer.Ordinal);
        var batch = new List<LogRecord>();
        var batchSize = LogBatch.FixedHeaderLength;
        foreach (var window in Windows(live))
        {
            var first = window[0].Extent.Offset;
            var length = (int)(window[^1].Extent.Offset + window[^1].Extent.Length - first);
            var bytes = (await RecordingStore.GuardAsync(() => source.DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(first, length) }, cancellationToken))).Value.Content.ToMemory();
            foreach (var (callId, extent) in window)
            {
                var record = new LogRecord(callId, extent.Sequence, extent.Tag, bytes.Slice((int)(extent.Offset - first), extent.Length).ToArray());
                var size = LogBatch.EntryLength(callId) + extent.Length;
                if (batch.Count > 0 && batchSize + size > options.MaxBatchBytes)
                {
                    await FlushAsync(batch, moved, cancellationToken);
                    batchSize = LogBatch.FixedHeaderLength;
                }

                batch.Add(record);
                batchSize += size;
            }
        }

        await FlushAsync(batch, moved, cancellationToken);

        // Mark first, conditional on the segment as judged: if a lane wrote to it since, the copies are left unused
        // (dead, collected later) and nothing points away from it. Only a marked segment's recordings are relocated,
        // so a segment that recordings were moved away from always waits out the grace before it is deleted.
        var marked = await RecordingStore.GuardAsync<ETag?>(async () =>
        {
            try
            {
                return (await source.SetMetadataAsync(LogSegmentRead.Mark(now), new BlobRequestConditions { IfMatch = segment.ETag }, cancellationToken)).Value.ETag;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                return null;
            }
        });
        if (marked is null)
        {
            return null;
        }

        foreach (var (callId, extents) in moved)
        {
            await manifests.AppendIfExistsAsync(tenantId, callId, RecordingManifest.EncodeRelocation(extents), cancellationToken);
        }

        return marked;
    }

    // Live frames in offset order, grouped into reads of at most a few MiB.
    private static IEnumerable<List<(string CallId, LogExtent Extent)>> Windows(List<(string CallId, LogExtent Extent)> live)
    {
        var window = new List<(string, LogExtent)>();
        long start = 0;
        foreach (var item in live.OrderBy(l => l.Extent.Offset))
        {
            if (window.Count > 0 && item.Extent.Offset + item.Extent.Length - start > ReadWindow)
            {
                yield return window;
                window = [];
            }

            if (window.Count == 0)
            {
                start = item.Extent.Offset;
            }

            window.Add(item);
        }

        if (window.Count > 0)
        {
            yield return window;
        }
    }

    private async Task FlushAsync(List<LogRecord> batch, Dictionary<string, List<LogExtent>> moved, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        foreach (var (callId, extent) in await target!.AppendAsync(batch, cancellationToken))
        {
            (moved.TryGetValue(callId, out var list) ? list : moved[callId] = []).Add(extent);
        }

        batch.Clear();
    }

    /// <summary>The segment compaction writes to, rolled like a lane's.</summary>
    private sealed class Target(BlobContainerClient container, string lane, RecordingLogOptions options)
    {
        private string name = string.Empty;
        private AppendBlobClient? blob;
        private long length;
        private int blocks;
        private int number = -1;

        public async Task<List<(string CallId, LogExtent Extent)>> AppendAsync(List<LogRecord> records, CancellationToken cancellationToken)
        {
            var size = LogBatch.SizeOf(records);
            if (blob is null || blocks >= options.MaxBlocksPerSegment || length + size > options.MaxSegmentBytes)
            {
                name = LogLane.SegmentName(lane, ++number);
                blob = container.GetAppendBlobClient(name);
                await RecordingStore.GuardAsync(() => blob.CreateAsync(cancellationToken: cancellationToken));
                (length, blocks) = (0, 0);
            }

            var buffer = new byte[size];
            var headerLength = LogBatch.Write(records, buffer);
            var offset = length;
            await LogLane.AppendAtAsync(blob, buffer, size, offset, cancellationToken);
            length += size;
            blocks++;
            var at = offset + headerLength;
            var result = new List<(string, LogExtent)>(records.Count);
            foreach (var record in records)
            {
                result.Add((record.CallId, new LogExtent(record.Sequence, name, at, record.Frame.Length, record.Tag)));
                at += record.Frame.Length;
            }

            return result;
        }
    }
}
