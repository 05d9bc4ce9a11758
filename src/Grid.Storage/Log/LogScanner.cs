using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs.Models;

namespace Grid.Storage.Log;

/// <summary>
/// Finds a call's frames in a lane of the log after a position, by reading batch headers (not media): what a call
/// that reactivates after its silo died does for the frames written after its last checkpoint. The headers read are
/// shared by every call of the silo that recovers from the same lane (a dead silo's calls all come back at once),
/// and kept for a few minutes.
/// </summary>
public sealed class LogScanner(RecordingStore store)
{
    private const int ReadWindow = 256 * 1024;
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, SegmentScan> scans = new(StringComparer.Ordinal);

    /// <summary>The frames of <paramref name="callId"/> in the lane at or after <paramref name="from"/>.</summary>
    public async Task<List<LogExtent>> FindAsync(string tenantId, LogPosition from, string callId, CancellationToken cancellationToken)
    {
        Evict();
        var found = new List<LogExtent>();
        for (var segment = from.Segment; ; segment++)
        {
            var name = LogLane.SegmentName(from.Lane, segment);
            var scan = scans.GetOrAdd($"{tenantId}/{name}", _ => new SegmentScan());
            if (!await scan.CatchUpAsync((await store.ContainerAsync(tenantId, cancellationToken)).GetBlobClient(name), name, cancellationToken))
            {
                return found;
            }

            var start = segment == from.Segment ? from.Offset : 0;
            foreach (var (id, extent) in scan.Entries)
            {
                if (extent.Offset >= start && string.Equals(id, callId, StringComparison.Ordinal))
                {
                    found.Add(extent);
                }
            }
        }
    }

    /// <summary>
    /// Every frame of a segment (call id and extent), with the segment's ETag, last modification and compaction mark
    /// when it was read; null when the segment does not exist. Not cached: the collector needs the state of now.
    /// </summary>
    public async Task<LogSegmentRead?> ReadSegmentAsync(string tenantId, string segment, CancellationToken cancellationToken)
    {
        var scan = new SegmentScan();
        var blob = (await store.ContainerAsync(tenantId, cancellationToken)).GetBlobClient(segment);
        return await scan.CatchUpAsync(blob, segment, cancellationToken)
            ? new LogSegmentRead(segment, scan.Entries, scan.ETag, scan.LastModified, scan.CompactedAt)
            : null;
    }

    private void Evict()
    {
        var now = Environment.TickCount64;
        foreach (var (key, scan) in scans)
        {
            if (now - scan.LastUsed > KeepFor.TotalMilliseconds)
            {
                scans.TryRemove(key, out _);
            }
        }
    }

    private sealed class SegmentScan
    {
        private readonly SemaphoreSlim gate = new(1, 1);
        private long scannedTo;

        public List<(string CallId, LogExtent Extent)> Entries { get; } = [];

        public long LastUsed { get; private set; } = Environment.TickCount64;

        public ETag ETag { get; private set; }

        public DateTimeOffset LastModified { get; private set; }

        public DateTimeOffset? CompactedAt { get; private set; }

        /// <summary>Reads the headers of batches not yet read; false when the segment does not exist.</summary>
        public async Task<bool> CatchUpAsync(Azure.Storage.Blobs.BlobClient blob, string name, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                LastUsed = Environment.TickCount64;
                long length;
                try
                {
                    var properties = (await RecordingStore.GuardAsync(() => blob.GetPropertiesAsync(cancellationToken: cancellationToken))).Value;
                    length = properties.ContentLength;
                    ETag = properties.ETag;
                    LastModified = properties.LastModified;
                    CompactedAt = LogSegmentRead.CompactedMark(properties.Metadata);
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    return false;
                }

                while (scannedTo < length)
                {
                    var size = (int)Math.Min(ReadWindow, length - scannedTo);
                    var window = await ReadAsync(blob, scannedTo, size, cancellationToken);
                    var at = 0;
                    while (at < window.Length && LogBatch.TryReadLengths(window.AsSpan(at), out var headerLength, out var bodyLength))
                    {
                        if (at + headerLength > window.Length)
                        {
                            if (at == 0)
                            {
                                window = await ReadAsync(blob, scannedTo, headerLength, cancellationToken);
                                continue;
                            }

                            break;
                        }

                        Entries.AddRange(LogBatch.ReadEntries(window.AsSpan(at, headerLength), name, scannedTo + at));
                        at += headerLength + bodyLength;
                    }

                    if (at == 0)
                    {
                        // Not a batch (a foreign or damaged write): nothing after it in this segment is trusted.
                        scannedTo = length;
                        break;
                    }

                    scannedTo += at;
                }

                return true;
            }
            finally
            {
                gate.Release();
            }
        }

        private static async Task<byte[]> ReadAsync(Azure.Storage.Blobs.BlobClient blob, long offset, int length, CancellationToken cancellationToken) =>
            (await RecordingStore.GuardAsync(() => blob.DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(offset, length) }, cancellationToken))).Value.Content.ToArray();
    }
}
