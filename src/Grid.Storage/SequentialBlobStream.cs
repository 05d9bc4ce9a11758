using Azure.Storage.Blobs.Specialized;

namespace Grid.Storage;

/// <summary>A forward-only stream over several blobs read one after another, each streamed (not loaded whole).</summary>
internal sealed class SequentialBlobStream(IReadOnlyList<BlockBlobClient> blobs) : Stream
{
    private const int BufferSize = 256 * 1024;
    private int next;
    private Stream? current;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (current is null)
            {
                if (next >= blobs.Count)
                {
                    return 0;
                }

                var blob = blobs[next++];
                current = await RecordingStore.GuardAsync(() => blob.OpenReadAsync(position: 0, bufferSize: BufferSize, cancellationToken: cancellationToken));
            }

            var stream = current;
            var n = await RecordingStore.GuardAsync(async () => await stream.ReadAsync(buffer, cancellationToken));
            if (n > 0)
            {
                return n;
            }

            await current.DisposeAsync();
            current = null;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            current?.Dispose();
        }

        base.Dispose(disposing);
    }
}
