namespace Grid.Crypto.Format;

internal static class StreamReading
{
    /// <summary>Fills <paramref name="buffer"/>; returns false on a clean end of stream before the first byte.</summary>
    public static async Task<bool> TryReadExactlyAsync(Stream stream, Memory<byte> buffer, RecordingFormatError errorIfPartial, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer[read..], cancellationToken);
            if (n == 0)
            {
                if (read == 0)
                {
                    return false;
                }

                throw new RecordingFormatException(errorIfPartial, "The recording ends in the middle of a structure.");
            }

            read += n;
        }

        return true;
    }

    public static async Task ReadExactlyOrThrowAsync(Stream stream, Memory<byte> buffer, RecordingFormatError error, CancellationToken cancellationToken)
    {
        if (!await TryReadExactlyAsync(stream, buffer, error, cancellationToken))
        {
            throw new RecordingFormatException(error, "The recording ends early.");
        }
    }
}
