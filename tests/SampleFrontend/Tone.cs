namespace SampleFrontend;

/// <summary>Synthetic call audio: a 440 Hz tone as 16-bit little-endian PCM, mono, 8 kHz.</summary>
internal static class Tone
{
    public const string MediaType = "audio/L16;rate=8000";

    private const int SampleRate = 8000;
    private const double Frequency = 440;

    /// <summary>The <paramref name="index"/>-th chunk of <paramref name="bytes"/> bytes (the tone runs on across chunks).</summary>
    public static byte[] Chunk(int index, int bytes)
    {
        var chunk = new byte[bytes];
        var first = (long)index * (bytes / 2);
        for (var i = 0; i < bytes / 2; i++)
        {
            var sample = (short)(8000 * Math.Sin(2 * Math.PI * Frequency * (first + i) / SampleRate));
            chunk[2 * i] = (byte)sample;
            chunk[(2 * i) + 1] = (byte)(sample >> 8);
        }

        return chunk;
    }
}
