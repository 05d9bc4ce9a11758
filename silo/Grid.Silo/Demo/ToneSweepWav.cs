using System.Buffers.Binary;

namespace Grid.Silo.Demo;

/// <summary>Synthesises test audio: a telephone-band tone sweep with a speech-like syllable rhythm, as a WAV file.</summary>
internal static class ToneSweepWav
{
    public const int SampleRate = 8000;

    /// <summary>16-bit PCM mono WAV: a logarithmic sweep from 300 Hz to 3400 Hz, amplitude-modulated at ~4 Hz.</summary>
    public static byte[] Create(TimeSpan duration, double startHz = 300, double endHz = 3400)
    {
        var samples = (int)(duration.TotalSeconds * SampleRate);
        var data = new byte[samples * 2];
        var phase = 0.0;
        var ratio = Math.Log(endHz / startHz);
        for (var i = 0; i < samples; i++)
        {
            var t = (double)i / samples;
            var frequency = startHz * Math.Exp(ratio * t);
            phase += 2 * Math.PI * frequency / SampleRate;
            var syllables = 0.55 + (0.45 * Math.Sin(2 * Math.PI * 4.0 * i / SampleRate));
            var value = (short)(Math.Sin(phase) * syllables * 0.6 * short.MaxValue);
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(i * 2), value);
        }

        return Wrap(data);
    }

    private static byte[] Wrap(byte[] pcm)
    {
        var wav = new byte[44 + pcm.Length];
        var span = wav.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + pcm.Length);
        "WAVE"u8.CopyTo(span[8..]);
        "fmt "u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], SampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], pcm.Length);
        pcm.CopyTo(span[44..]);
        return wav;
    }
}
