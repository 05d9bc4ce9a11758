using Azure;
using Azure.Storage.Blobs.Models;

namespace Grid.Storage.Log;

/// <summary>
/// A recording read out of the log as one RGRD file (docs/recording-format.md): the header, the frames in sequence
/// order by ranged reads of their segments, then the final frame. Byte for byte what a per-call blob would have held;
/// the reader that verifies it is the same. Frames that lie close together in one segment are fetched in one read,
/// and a few reads run ahead of the consumer.
/// </summary>
public sealed class LogRecordingStream : Stream
{
    private const int MaxGap = 64 * 1024;
    private const int MaxSpan = 4 * 1024 * 1024;
    private const int ReadAhead = 8;
    private readonly RecordingStore store;
    private readonly string tenantId;
    private readonly Queue<Task<List<byte[]>>> pending = new();
    private readonly Queue<Span> spans;
    private readonly CancellationToken cancellationToken;
    private readonly byte[] finalFrame;
    private ReadOnlyMemory<byte> current;
    private readonly Queue<byte[]> ready = new();
    private bool finalSent;

    public LogRecordingStream(RecordingStore store, string tenantId, byte[] header, IEnumerable<LogExtent> extentsBySequence, byte[] finalFrame, CancellationToken cancellationToken)
    {
        this.store = store;
        this.tenantId = tenantId;
        this.finalFrame = finalFrame;
        this.cancellationToken = cancellationToken;
        spans = new Queue<Span>(Plan(extentsBySequence));
        current = header;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken token = default)
    {
        while (current.IsEmpty)
        {
            if (ready.TryDequeue(out var frame))
            {
                current = frame;
                continue;
            }

            while (pending.Count < ReadAhead && spans.TryDequeue(out var span))
            {
                pending.Enqueue(FetchAsync(span));
            }

            if (pending.TryDequeue(out var next))
            {
                foreach (var item in await next)
                {
                    ready.Enqueue(item);
                }

                continue;
            }

            if (finalSent)
            {
                return 0;
            }

            finalSent = true;
            current = finalFrame;
        }

        var n = Math.Min(buffer.Length, current.Length);
        current[..n].CopyTo(buffer);
        current = current[n..];
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken token) =>
        ReadAsync(buffer.AsMemory(offset, count), token).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Groups frames that follow each other closely in one segment into one read.</summary>
    private static List<Span> Plan(IEnumerable<LogExtent> extents)
    {
        var result = new List<Span>();
        Span? open = null;
        foreach (var extent in extents)
        {
            if (open is { } span && span.Segment == extent.Segment && extent.Offset >= span.End
                && extent.Offset - span.End <= MaxGap && extent.Offset + extent.Length - span.Start <= MaxSpan)
            {
                span.Frames.Add(extent);
                continue;
            }

            open = new Span(extent.Segment, [extent]);
            result.Add(open);
        }

        return result;
    }

    private async Task<List<byte[]>> FetchAsync(Span span)
    {
        var blob = (await store.ContainerAsync(tenantId, cancellationToken)).GetBlobClient(span.Segment);
        var bytes = (await RecordingStore.GuardAsync(() => blob.DownloadContentAsync(
            new BlobDownloadOptions { Range = new HttpRange(span.Start, span.End - span.Start) }, cancellationToken))).Value.Content.ToMemory();
        if (bytes.Length != span.End - span.Start)
        {
            throw new RequestFailedException(404, "A log segment is shorter than the recording's manifest says.");
        }

        return span.Frames.ConvertAll(f => bytes.Slice((int)(f.Offset - span.Start), f.Length).ToArray());
    }

    private sealed class Span(string segment, List<LogExtent> frames)
    {
        public string Segment { get; } = segment;

        public List<LogExtent> Frames { get; } = frames;

        public long Start => Frames[0].Offset;

        public long End => Frames[^1].Offset + Frames[^1].Length;
    }
}
