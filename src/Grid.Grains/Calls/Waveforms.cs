using System.Buffers.Binary;
using Grid.Calls;
using Grid.Errors;

namespace Grid.Grains.Calls;

/// <summary>
/// Computes a <see cref="RecordingWaveform"/> from a recording's playback file (the bytes a player gets: G.711 and L16
/// as WAV with each pause's silence, a WAV recording as stored), and keeps the last ones computed in the silo's memory,
/// keyed by the recording's version (its header, which a redaction replaces). Memory only: a waveform is derived from
/// content and is never written anywhere.
/// </summary>
public sealed class Waveforms
{
    /// <summary>Waveforms kept in memory per silo.</summary>
    public const int Capacity = 256;

    private readonly Dictionary<string, (RecordingWaveform Waveform, long Used)> cache = [];
    private readonly Lock gate = new();
    private long clock;
    private long computed;

    /// <summary>Waveforms computed from media since the silo started (not served from memory; tests assert it).</summary>
    public long Computed => Interlocked.Read(ref computed);

    /// <summary>A waveform computed earlier for this key, if still in memory.</summary>
    /// <param name="key">Tenant, call, version and shape.</param>
    /// <returns>The waveform, or null.</returns>
    public RecordingWaveform? Find(string key)
    {
        lock (gate)
        {
            if (!cache.TryGetValue(key, out var entry))
            {
                return null;
            }

            cache[key] = (entry.Waveform, ++clock);
            return entry.Waveform;
        }
    }

    /// <summary>Keeps a computed waveform (the least recently used goes when full).</summary>
    /// <param name="key">Its key.</param>
    /// <param name="waveform">The waveform.</param>
    public void Keep(string key, RecordingWaveform waveform)
    {
        Interlocked.Increment(ref computed);
        lock (gate)
        {
            if (cache.Count >= Capacity && !cache.ContainsKey(key))
            {
                cache.Remove(cache.MinBy(e => e.Value.Used).Key);
            }

            cache[key] = (waveform, ++clock);
        }
    }

    /// <summary>
    /// Reads the playback file's samples and keeps, per channel and column, the loudest. Supported: A-law, µ-law,
    /// 8-bit unsigned and 16/24/32-bit integer PCM (little-endian, as WAV holds them).
    /// </summary>
    /// <param name="mediaType">The recording's media type.</param>
    /// <param name="file">How the recording is played.</param>
    /// <param name="body">The file's bytes after its header (the media with the pauses' silence), in order.</param>
    /// <param name="columns">Columns per channel.</param>
    /// <param name="pauses">The pauses' spans on the player's timeline.</param>
    /// <param name="version">The recording's version.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The waveform.</returns>
    public static async Task<RecordingWaveform> ComputeAsync(string mediaType, PlaybackFile file, IAsyncEnumerable<ReadOnlyMemory<byte>> body, int columns, IReadOnlyList<WaveformSpan> pauses, int version, CancellationToken cancellationToken)
    {
        RequireReadable(mediaType, file);
        Layout? layout = null;
        byte[] levels = [];
        long total = 0;
        long position = 0;
        long skip = 0;
        var start = new List<byte>();

        void Begin(ReadOnlySpan<byte> first)
        {
            if (file.BytesPerSecond > 0)
            {
                layout = LayoutOf(mediaType);
                total = file.MediaBytes + file.SilenceBytes;
            }
            else
            {
                // A WAV recording is read from its own header.
                var wave = PlaybackFile.WaveLayoutOf(first) ?? throw Unsupported(mediaType);
                layout = new Layout(wave.BytesPerSecond, wave.BlockAlign, wave.Channels, wave.BytesPerSample, Kind(wave.Silence, wave.BytesPerSample));
                skip = wave.HeaderBytes;
                total = Math.Max(0, file.MediaBytes - wave.HeaderBytes);
            }

            levels = new byte[layout.Channels * columns];
        }

        void Take(ReadOnlySpan<byte> span)
        {
            if (skip > 0)
            {
                var dropped = (int)Math.Min(skip, span.Length);
                span = span[dropped..];
                skip -= dropped;
            }

            Accumulate(layout!, levels, columns, total, ref position, span);
        }

        await foreach (var piece in body.WithCancellation(cancellationToken))
        {
            if (layout is not null)
            {
                Take(piece.Span);
                continue;
            }

            // The first bytes decide the layout (a WAV header can be longer than the first piece).
            start.AddRange(piece.ToArray());
            if (file.BytesPerSecond == 0 && start.Count < 4096)
            {
                continue;
            }

            var first = start.ToArray();
            Begin(first);
            Take(first);
        }

        if (layout is null)
        {
            var first = start.ToArray();
            Begin(first);
            Take(first);
        }

        return new RecordingWaveform
        {
            Columns = columns,
            Channels = layout!.Channels,
            DurationMs = layout.BytesPerSecond == 0 ? 0 : total * 1000 / layout.BytesPerSecond,
            Levels = levels,
            Pauses = pauses,
            Version = version,
        };
    }

    /// <summary>Throws when the recording's samples cannot be read for a waveform (before any key is used).</summary>
    /// <param name="mediaType">The recording's media type.</param>
    /// <param name="file">How the recording is played.</param>
    public static void RequireReadable(string mediaType, PlaybackFile file)
    {
        if (file.BytesPerSecond == 0 && file.ContentType != "audio/wav")
        {
            throw Unsupported(mediaType);
        }
    }

    private static MediaFormatUnsupportedException Unsupported(string mediaType) =>
        new($"A waveform is drawn from G.711, L16 or integer PCM in WAV; this recording's media ({mediaType}) has no such samples. It plays as stored.");

    private static Layout LayoutOf(string mediaType)
    {
        var raw = PlaybackFile.RawLayoutOf(mediaType) ?? throw Unsupported(mediaType);
        return new Layout(raw.BytesPerSecond, raw.BlockAlign, raw.Channels, raw.BytesPerSample, Kind(raw.Silence, raw.BytesPerSample));
    }

    private static SampleKind Kind(byte silence, int bytesPerSample) => (silence, bytesPerSample) switch
    {
        (0xD5, 1) => SampleKind.Alaw,
        (0xFF, 1) => SampleKind.Ulaw,
        (0x80, 1) => SampleKind.Unsigned8,
        (0, 2 or 3 or 4) => SampleKind.Signed,
        _ => throw new MediaFormatUnsupportedException("A waveform is drawn from G.711, L16 or integer PCM; this recording's samples are floating point or of an unknown kind. It plays as stored."),
    };

    private static void Accumulate(Layout layout, byte[] levels, int columns, long total, ref long position, ReadOnlySpan<byte> span)
    {
        var sampleBytes = layout.BytesPerSample;
        var i = 0;
        while (i < span.Length)
        {
            var inFrame = (int)(position % layout.BlockAlign);
            if (inFrame % sampleBytes != 0 || span.Length - i < sampleBytes)
            {
                // A sample split across two pieces: the file's pieces follow the stored chunks, so this is rare; its
                // bytes are skipped (a waveform does not need every sample).
                var skip = Math.Min(span.Length - i, sampleBytes - (inFrame % sampleBytes));
                i += skip;
                position += skip;
                continue;
            }

            var magnitude = Magnitude(layout.Kind, span.Slice(i, sampleBytes));
            if (magnitude > 0 && total > 0)
            {
                var channel = inFrame / sampleBytes;
                var column = (int)Math.Min(columns - 1, position * columns / total);
                var level = RecordingWaveform.LevelOf(magnitude);
                ref var slot = ref levels[(channel * columns) + column];
                if (level > slot)
                {
                    slot = level;
                }
            }

            i += sampleBytes;
            position += sampleBytes;
        }
    }

    /// <summary>|sample| on a 16-bit scale (G.711 expanded as ITU-T G.711 decodes it).</summary>
    private static int Magnitude(SampleKind kind, ReadOnlySpan<byte> sample)
    {
        switch (kind)
        {
            case SampleKind.Alaw:
                {
                    var code = sample[0] ^ 0x55;
                    var segment = (code >> 4) & 0x07;
                    var mantissa = code & 0x0F;
                    return segment == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (segment - 1);
                }

            case SampleKind.Ulaw:
                {
                    var code = ~sample[0] & 0xFF;
                    var segment = (code >> 4) & 0x07;
                    var mantissa = code & 0x0F;
                    return (((mantissa << 3) + 0x84) << segment) - 0x84;
                }

            case SampleKind.Unsigned8:
                return Math.Abs(sample[0] - 0x80) << 8;
            default:
                {
                    // Little-endian: the top two bytes are the sample on a 16-bit scale.
                    var top = BinaryPrimitives.ReadInt16LittleEndian(sample[^2..]);
                    return Math.Abs((int)top);
                }
        }
    }

    private enum SampleKind
    {
        Alaw,
        Ulaw,
        Unsigned8,
        Signed,
    }

    private sealed record Layout(int BytesPerSecond, int BlockAlign, int Channels, int BytesPerSample, SampleKind Kind);
}
