using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Grid.Crypto.Format;

/// <summary>
/// Reads and authenticates a whole recording from a stream, yielding its data segments in order. Every check of
/// the format is made: key commitment, per-segment authentication, strictly increasing counters, the final
/// segment present and matching the segments read, nothing after it. A recording that fails any check throws
/// <see cref="RecordingFormatException"/>; segments already yielded were authentic, but the caller must treat the
/// recording as failed.
/// </summary>
public static class RecordingReader
{
    /// <summary>
    /// Reads the header from <paramref name="stream"/>, then asks <paramref name="unwrap"/> for the data key. An
    /// unwrap that throws <see cref="CryptographicException"/> (a wrap that does not authenticate, a key that cannot
    /// perform the envelope's algorithm), or returns anything but 32 bytes, fails the read with
    /// <see cref="RecordingFormatError.UnwrapFailed"/>; other exceptions (the Grid's custodies throw its own errors)
    /// pass through unchanged.
    /// </summary>
    public static async IAsyncEnumerable<RecordingSegment> ReadAsync(
        Stream stream,
        Func<RecordingHeader, CancellationToken, Task<byte[]>> unwrap,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var header = await RecordingHeader.ReadAsync(stream, cancellationToken);
        var dataKey = await UnwrapAsync(header, unwrap, cancellationToken);
        using var cipher = OpenAndForget(header, dataKey);
        await foreach (var segment in ReadSegmentsAsync(stream, cipher, cancellationToken))
        {
            yield return segment;
        }
    }

    /// <summary>Reads the frames that follow the header with an opened cipher.</summary>
    public static async IAsyncEnumerable<RecordingSegment> ReadSegmentsAsync(
        Stream stream,
        RecordingCipher cipher,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var frameHeader = new byte[RecordingCipher.FrameHeaderLength];
        var seen = new List<long>();
        long mediaBytes = 0;
        var last = -1L;
        while (true)
        {
            if (!await StreamReading.TryReadExactlyAsync(stream, frameHeader, RecordingFormatError.Truncated, cancellationToken))
            {
                throw new RecordingFormatException(RecordingFormatError.Truncated, "The recording has no final segment.");
            }

            var type = frameHeader[0];
            var counter = BinaryPrimitives.ReadInt64BigEndian(frameHeader.AsSpan(1));
            var length = BinaryPrimitives.ReadInt32BigEndian(frameHeader.AsSpan(9));
            if (type is not (RecordingCipher.DataFrame or RecordingCipher.FinalFrame)
                || counter < 0 || counter > RecordingCipher.MaxCounter
                || length < 16 || length > RecordingCipher.MaxFramePlaintext + 16)
            {
                throw new RecordingFormatException(RecordingFormatError.BadFrame, "A frame header is malformed.");
            }

            var body = new byte[length];
            await StreamReading.ReadExactlyOrThrowAsync(stream, body, RecordingFormatError.Truncated, cancellationToken);
            var plaintext = cipher.DecryptFrame(type, counter, body);
            if (type == RecordingCipher.FinalFrame)
            {
                var trailer = RecordingTrailer.Decode(plaintext);
                var expected = RecordingTrailer.FromSegments(seen, mediaBytes);
                if (trailer.FinalCounter != counter || trailer.SegmentCount != expected.SegmentCount
                    || trailer.MediaBytes != expected.MediaBytes || !trailer.Present.SequenceEqual(expected.Present))
                {
                    throw new RecordingFormatException(RecordingFormatError.SegmentSetMismatch, "The final segment does not match the segments read.");
                }

                var extra = new byte[1];
                if (await stream.ReadAsync(extra, cancellationToken) != 0)
                {
                    throw new RecordingFormatException(RecordingFormatError.TrailingData, "Data follows the final segment.");
                }

                yield break;
            }

            if (counter <= last)
            {
                throw new RecordingFormatException(RecordingFormatError.SegmentOrder, $"Segment {counter} follows segment {last}.");
            }

            last = counter;
            seen.Add(counter);
            mediaBytes += plaintext.Length;
            yield return new RecordingSegment(counter, plaintext);
        }
    }

    private static async Task<byte[]> UnwrapAsync(RecordingHeader header, Func<RecordingHeader, CancellationToken, Task<byte[]>> unwrap, CancellationToken cancellationToken)
    {
        byte[] dataKey;
        try
        {
            dataKey = await unwrap(header, cancellationToken);
        }
        catch (CryptographicException e)
        {
            throw new RecordingFormatException(RecordingFormatError.UnwrapFailed, $"The wrapped data key did not unwrap ({e.GetType().Name}).");
        }

        if (dataKey is not { Length: RecordingKeys.DataKeyLength })
        {
            if (dataKey is not null)
            {
                CryptographicOperations.ZeroMemory(dataKey);
            }

            throw new RecordingFormatException(RecordingFormatError.UnwrapFailed, $"The unwrapped data key is not {RecordingKeys.DataKeyLength} bytes.");
        }

        return dataKey;
    }

    private static RecordingCipher OpenAndForget(RecordingHeader header, byte[] dataKey)
    {
        try
        {
            return RecordingCipher.Open(header, dataKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }
}
