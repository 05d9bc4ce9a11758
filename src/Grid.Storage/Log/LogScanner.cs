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

    /// <summary>
    /// The frames of <paramref name="callId"/> in the lane at or after <paramref name="from"/>. The lane's segments
    /// are listed, not probed one number after the other: a lane's numbers can have gaps (the collector removes a
    /// segment no recording needs, and the lane goes on in the next one; a lane reopened after an idle eviction starts
    /// a new segment), and a frame after a gap must still be found.
    /// </summary>
    public async Task<List<LogExtent>> FindAsync(string tenantId, LogPosition from, string callId, CancellationToken cancellationToken)
    {
        Evict();
        var found = new List<LogExtent>();
        var container = await store.ContainerAsync(tenantId, cancellationToken);
        foreach (var segment in await SegmentsAsync(container, from, cancellationToken))
        {
            var name = LogLane.SegmentName(from.Lane, segment);
            var scan = scans.GetOrAdd($"{tenantId}/{name}", _ => new SegmentScan());
            if (!await scan.CatchUpAsync(container.GetBlobClient(name), name, cancellationToken))
            {
                // Removed since it was listed: it held no frame of a recording call.
                continue;
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

        return found;
    }

    // The numbers of the lane's segments at or after the position's, ascending; none when the container is missing.
    private static Task<List<int>> SegmentsAsync(Azure.Storage.Blobs.BlobContainerClient container, LogPosition from, CancellationToken cancellationToken) =>
        RecordingStore.GuardAsync(async () =>
        {
            var prefix = $"log/{from.Lane}/";
            var numbers = new List<int>();
            try
            {
                await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
                {
                    if (int.TryParse(blob.Name.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number >= from.Segment)
                    {
                        numbers.Add(number);
                    }
                }
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return numbers;
            }

            numbers.Sort();
            return numbers;
        });

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
