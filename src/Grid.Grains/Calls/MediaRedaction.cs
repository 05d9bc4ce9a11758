using Grid.Calls;

namespace Grid.Grains.Calls;

/// <summary>
/// Where a redaction falls in a recording's stored media and how it silences it (pure). The range is given on the
/// playback timeline (what a player shows: a WAV file whose pauses are silence of their length), so it is mapped back
/// to stored bytes past each pause's silence; a range inside a pause stores nothing. Each sample of the chosen channels
/// becomes the format's silence (A-law 0xD5, µ-law 0xFF, linear PCM zero, 8-bit PCM 0x80); other channels and the
/// bytes outside the range are untouched, so the rest of the call plays bit-exact.
/// </summary>
public sealed class MediaRedaction
{
    private readonly int blockAlign;
    private readonly int bytesPerSample;
    private readonly int headerBytes;
    private readonly byte silence;
    private readonly HashSet<int>? channels;

    private MediaRedaction(long from, long to, int blockAlign, int bytesPerSample, int headerBytes, byte silence, IReadOnlyList<int> channels)
    {
        From = from;
        To = to;
        this.blockAlign = blockAlign;
        this.bytesPerSample = bytesPerSample;
        this.headerBytes = headerBytes;
        this.silence = silence;
        this.channels = channels.Count == 0 ? null : [.. channels];
    }

    /// <summary>The first stored byte silenced (media bytes from the recording's start, a WAV header included).</summary>
    public long From { get; }

    /// <summary>The stored byte after the range.</summary>
    public long To { get; }

    /// <summary>
    /// The plan for a range of a sealed recording, or a refusal: media whose samples the Grid cannot place in time
    /// (Opus, unknown types) is not redacted, and a channel must exist.
    /// </summary>
    /// <param name="mediaType">The call's media type.</param>
    /// <param name="firstChunk">The first stored chunk (a WAV file's header), or null when there is none.</param>
    /// <param name="summary">The sealed summary (its pauses place the playback timeline).</param>
    /// <param name="fromMs">Start on the playback timeline.</param>
    /// <param name="toMs">End (exclusive).</param>
    /// <param name="channels">The channels (empty: all).</param>
    /// <returns>The plan, or the reason it cannot be made.</returns>
    public static (MediaRedaction? Plan, string? Refusal) For(string mediaType, byte[]? firstChunk, CallSummary summary, long fromMs, long toMs, IReadOnlyList<int> channels)
    {
        var raw = PlaybackFile.RawLayoutOf(mediaType);
        var wave = raw is null && firstChunk is not null ? PlaybackFile.WaveLayoutOf(firstChunk) : null;
        if (raw is null && wave is null)
        {
            return (null, "Only G.711 (audio/PCMA, audio/PCMU), linear PCM (audio/L16) and PCM WAV recordings can be redacted: the Grid cannot place this media type's bytes in time.");
        }

        var (bytesPerSecond, blockAlign, channelCount, bytesPerSample, silence) = raw ?? (wave!.Value.BytesPerSecond, wave.Value.BlockAlign, wave.Value.Channels, wave.Value.BytesPerSample, wave.Value.Silence);
        if (channels.Any(c => c >= channelCount))
        {
            return (null, $"The recording has {channelCount} channel(s), numbered from 0.");
        }

        var length = summary.MediaDuration is { } d ? (long)Math.Ceiling(d.TotalMilliseconds) : 0;
        if (toMs > length)
        {
            return (null, $"The range ends after the recording ({length} ms).");
        }

        var header = wave?.HeaderBytes ?? 0;
        IReadOnlyList<(long Offset, long Bytes)> silences = raw is null ? [] : PlaybackFile.For(mediaType, summary).Silences;
        long Stored(long ms)
        {
            var playback = ms * bytesPerSecond / 1000;
            playback -= playback % blockAlign;
            return header + Math.Min(summary.MediaBytes - header, PlaybackFile.StoredOffset(playback, silences));
        }

        return (new MediaRedaction(Stored(fromMs), Stored(toMs), blockAlign, bytesPerSample, header, silence, channels), null);
    }

    /// <summary>Silences the part of one stored chunk that lies in the range.</summary>
    /// <param name="chunk">The chunk's plaintext (changed in place).</param>
    /// <param name="position">The chunk's first byte's offset in the stored media.</param>
    /// <returns>True when any byte of the chunk was in the range (the chunk's original is destroyed content).</returns>
    public bool Apply(Span<byte> chunk, long position)
    {
        var from = Math.Max(From, position);
        var to = Math.Min(To, position + chunk.Length);
        if (from >= to)
        {
            return false;
        }

        for (var at = from; at < to; at++)
        {
            var channel = (int)((at - headerBytes) % blockAlign) / bytesPerSample;
            if (channels is null || channels.Contains(channel))
            {
                chunk[(int)(at - position)] = silence;
            }
        }

        return true;
    }
}
