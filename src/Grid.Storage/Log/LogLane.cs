using System.Buffers;
using System.Globalization;
using System.Threading.Channels;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Grid.Errors;

namespace Grid.Storage.Log;

/// <summary>
/// One lane of a tenant's log on this silo: a sequence of append-blob segments <c>log/{lane}/{n:D6}</c> written by
/// a single loop. The lanes of a tenant share one queue: a lane that is free takes every frame queued (group commit),
/// so a slow append on one lane does not hold up the frames behind it. Each frame's task completes only when the
/// append that holds it is durable. Appends are conditional on the expected position, so a retry inside the storage
/// client can never write a batch twice unnoticed.
/// </summary>
internal sealed class LogLane
{
    private readonly ChannelReader<Pending> queue;
    private readonly BlobContainerClient container;
    private readonly RecordingLogOptions options;
    private readonly Func<Task> ensureContainer;
    private readonly LogPacer pacer;
    private readonly CancellationToken draining;
    private Pending? carried;
    private AppendBlobClient? blob;
    private bool fresh = true;
    private int blocks;
    private long segmentStarted;
    private volatile LogPosition position;

    /// <summary>
    /// Starts the lane's loop. Its first write opens segment <paramref name="firstSegment"/> (0 for a new lane; after
    /// the segment an earlier instance of the lane ended with, when a tenant's lanes come back after an eviction).
    /// Once <paramref name="draining"/> is cancelled the lane no longer lingers: it writes what is queued at once.
    /// </summary>
    public LogLane(string name, int firstSegment, ChannelReader<Pending> queue, LogPacer pacer, BlobContainerClient container, RecordingLogOptions options, Func<Task> ensureContainer, CancellationToken draining)
    {
        this.pacer = pacer;
        Name = name;
        this.queue = queue;
        this.container = container;
        this.options = options;
        this.ensureContainer = ensureContainer;
        this.draining = draining;
        SegmentNumber = firstSegment - 1;
        position = new LogPosition(name, firstSegment, 0);
        Completion = Task.Run(RunAsync);
    }

    public string Name { get; }

    /// <summary>The lane's write position now; every frame queued after this call lands at or after it.</summary>
    public LogPosition Position => position;

    /// <summary>Completes when the queue is completed and every frame the lane took has been written or refused.</summary>
    public Task Completion { get; }

    /// <summary>The segment a later instance of this lane starts with (read once <see cref="Completion"/> is done): a new one.</summary>
    public int NextSegment => SegmentNumber + 1;

    private int SegmentNumber { get; set; }

    private long Length { get; set; }

    public static string SegmentName(string lane, int segment) => string.Create(CultureInfo.InvariantCulture, $"log/{lane}/{segment:D6}");

    private async Task RunAsync()
    {
        var batch = new List<Pending>();
        while (carried is not null || await queue.WaitToReadAsync())
        {
            // Paced (the default): wait for this lane's slot, so the tenant's lanes append at most once per linger;
            // otherwise a fixed linger before every append.
            var linger = options.AdaptiveLinger ? pacer.Reserve() : options.Linger;
            if (linger > TimeSpan.Zero && !draining.IsCancellationRequested)
            {
                await Task.Delay(linger, draining).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            batch.Clear();
            var size = LogBatch.FixedHeaderLength;
            while ((carried ?? TakeNext()) is { } item)
            {
                var itemSize = LogBatch.EntryLength(item.Record.CallId) + item.Record.Frame.Length;
                if (batch.Count > 0 && size + itemSize > options.MaxBatchBytes)
                {
                    carried = item;
                    break;
                }

                carried = null;
                batch.Add(item);
                size += itemSize;
            }

            if (batch.Count > 0)
            {
                await WriteAsync(batch, size);
            }
        }
    }

    private Pending? TakeNext()
    {
        if (!queue.TryRead(out var next))
        {
            return null;
        }

        pacer.Taken(next.Record.Frame.Length);
        return next;
    }

    private async Task WriteAsync(List<Pending> batch, int size)
    {
        var records = batch.ConvertAll(p => p.Record);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var headerLength = LogBatch.Write(records, buffer);
            if (fresh || blocks >= options.MaxBlocksPerSegment || Length + size > options.MaxSegmentBytes
                || System.Diagnostics.Stopwatch.GetElapsedTime(segmentStarted) > options.MaxSegmentAge)
            {
                await StartSegmentAsync();
            }

            var offset = Length;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await AppendOnceAsync(buffer, size, offset);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // The collector removed the lane's segment while the lane was idle (every frame in it was dead).
                await StartSegmentAsync();
                offset = Length;
                await AppendOnceAsync(buffer, size, offset);
            }

            RecordingLogMetrics.AppendDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Length = offset + size;
            blocks++;
            position = new LogPosition(Name, SegmentNumber, Length);
            RecordingLogMetrics.Batches.Record(records.Count);
            RecordingLogMetrics.BatchBytes.Record(size);
            var at = offset + headerLength;
            var segment = SegmentName(Name, SegmentNumber);
            foreach (var pending in batch)
            {
                var frame = pending.Record.Frame;
                pending.Completion.TrySetResult(new LogExtent(pending.Record.Sequence, segment, at, frame.Length, pending.Record.Tag));
                RecordingLogMetrics.FrameDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(pending.Queued).TotalMilliseconds);
                at += frame.Length;
            }
        }
        catch (Exception e)
        {
            // Nothing of this batch is acknowledged; the next batch starts a new segment, so an append whose fate is
            // unknown can never leave the lane's position wrong.
            fresh = true;
            position = new LogPosition(Name, SegmentNumber + 1, 0);
            var failure = e as StorageUnavailableException ?? new StorageUnavailableException("The recording log could not be written; nothing was acknowledged. Retry with the same arguments.", e);
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(failure);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private Task AppendOnceAsync(byte[] buffer, int size, long offset) => AppendAtAsync(blob!, buffer, size, offset, CancellationToken.None);

    /// <summary>
    /// Appends <paramref name="size"/> bytes at <paramref name="offset"/> (conditional on the append position). A
    /// storage-client retry of an append that had landed is recognised by the length (only one writer appends to a
    /// segment) and never written twice; any other position is refused.
    /// </summary>
    internal static async Task AppendAtAsync(AppendBlobClient blob, byte[] buffer, int size, long offset, CancellationToken cancellationToken)
    {
        await RecordingStore.GuardAsync(async () =>
        {
            try
            {
                using var content = new MemoryStream(buffer, 0, size, writable: false);
                await blob.AppendBlockAsync(content, new AppendBlobAppendBlockOptions
                {
                    Conditions = new AppendBlobRequestConditions { IfAppendPositionEqual = offset },
                }, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                var length = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ContentLength;
                if (length != offset + size)
                {
                    throw new StorageUnavailableException("A log segment is not where its writer left it; nothing was acknowledged. Retry with the same arguments.", e);
                }
            }
        });
    }

    private async Task StartSegmentAsync()
    {
        await ensureContainer();
        var number = SegmentNumber + 1;
        var next = container.GetAppendBlobClient(SegmentName(Name, number));
        var created = await RecordingStore.GuardAsync(() => next.CreateIfNotExistsAsync());
        if (created is null)
        {
            // Created by an attempt whose answer was lost: continue after what is there.
            var properties = (await RecordingStore.GuardAsync(() => next.GetPropertiesAsync())).Value;
            Length = properties.ContentLength;
            blocks = properties.BlobCommittedBlockCount;
        }
        else
        {
            Length = 0;
            blocks = 0;
        }

        blob = next;
        SegmentNumber = number;
        segmentStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        fresh = false;
    }

    /// <summary>A frame waiting for the group commit, and the task its caller awaits.</summary>
    internal sealed record Pending(LogRecord Record, TaskCompletionSource<LogExtent> Completion)
    {
        public long Queued { get; } = System.Diagnostics.Stopwatch.GetTimestamp();
    }
}
