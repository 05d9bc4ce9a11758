using System.Buffers.Binary;

namespace Grid.Sip.Media;

/// <summary>
/// One channel's media from the session's frontier onward, in the stored codec: what processed packets wrote,
/// silence elsewhere. <see cref="Take"/> moves the frontier.
/// </summary>
internal sealed class ChannelBuffer
{
    private readonly MediaCodec input;
    private readonly MediaCodec output;
    private readonly int bytesPerSample;
    private readonly byte silence;
    private byte[] data;
    private int length;

    public ChannelBuffer(MediaCodec input, MediaCodec output, int initialSamples)
    {
        this.input = input;
        this.output = output;
        bytesPerSample = output == MediaCodec.L16 ? 2 : 1;
        silence = G711.SilenceOf(output);
        data = new byte[Math.Max(initialSamples, 160) * bytesPerSample];
        data.AsSpan().Fill(silence);
    }

    /// <summary>Writes G.711 samples at <paramref name="offset"/> samples after the frontier.</summary>
    public void Write(long offset, ReadOnlySpan<byte> samples)
    {
        var start = checked((int)(offset * bytesPerSample));
        var end = start + (samples.Length * bytesPerSample);
        if (end > data.Length)
        {
            var grown = new byte[Math.Max(end, data.Length * 2)];
            data.AsSpan(0, length).CopyTo(grown);
            grown.AsSpan(length).Fill(silence);
            data = grown;
        }

        var target = data.AsSpan(start);
        if (output != MediaCodec.L16)
        {
            samples.CopyTo(target);
        }
        else
        {
            for (var i = 0; i < samples.Length; i++)
            {
                var linear = input == MediaCodec.Pcma ? G711.AlawToLinear(samples[i]) : G711.UlawToLinear(samples[i]);
                BinaryPrimitives.WriteInt16BigEndian(target[(2 * i)..], linear);
            }
        }

        length = Math.Max(length, end);
    }

    /// <summary>Copies the first <paramref name="samples"/> samples into <paramref name="destination"/> as channel <paramref name="channel"/> of <paramref name="channels"/> interleaved, and drops them.</summary>
    public void Take(int samples, Span<byte> destination, int channel, int channels)
    {
        var bytes = samples * bytesPerSample;
        if (bytes > data.Length)
        {
            var grown = new byte[bytes];
            data.AsSpan(0, length).CopyTo(grown);
            grown.AsSpan(length).Fill(silence);
            data = grown;
        }

        if (channels == 1)
        {
            data.AsSpan(0, bytes).CopyTo(destination);
        }
        else
        {
            var frame = channels * bytesPerSample;
            for (var i = 0; i < samples; i++)
            {
                var to = (i * frame) + (channel * bytesPerSample);
                var from = i * bytesPerSample;
                destination[to] = data[from];
                if (bytesPerSample == 2)
                {
                    destination[to + 1] = data[from + 1];
                }
            }
        }

        var remaining = Math.Max(0, length - bytes);
        if (remaining > 0)
        {
            data.AsSpan(bytes, remaining).CopyTo(data);
        }

        data.AsSpan(remaining, Math.Max(length, bytes) - remaining).Fill(silence);
        length = remaining;
    }
}
