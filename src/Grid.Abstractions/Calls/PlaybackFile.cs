using System.Buffers.Binary;
using System.Globalization;

namespace Grid.Calls;

/// <summary>
/// How a recording's stored media is handed to people and players (the API's <c>/media</c>, the console's player, an
/// export bundle): raw G.711 and linear PCM (<c>audio/PCMA</c>, <c>audio/PCMU</c>, <c>audio/L16</c>, with the
/// <c>rate</c> and <c>channels</c> parameters of RFC 3551/4856, e.g. <c>audio/PCMA;rate=8000;channels=2</c> as the
/// SIPREC server stores a two-direction call) become a standard WAV file: a RIFF header, then the stored bytes
/// unchanged (A-law and µ-law, WAVE format tags 6 and 7) or with each 16-bit sample turned from network to WAV byte
/// order (L16). A WAV file stays as it is; anything else is served as stored, with its own media type. The file is
/// the same bytes every time, so a byte range of it is well defined.
/// </summary>
public sealed class PlaybackFile
{
    private readonly byte[] header;
    private readonly IReadOnlyList<(long Offset, long Bytes)> silences;
    private readonly byte silenceByte;

    private PlaybackFile(string contentType, string extension, byte[] header, bool swap16, long mediaBytes, IReadOnlyList<(long Offset, long Bytes)>? silences = null, byte silenceByte = 0)
    {
        ContentType = contentType;
        Extension = extension;
        this.header = header;
        SwapsByteOrder = swap16;
        MediaBytes = mediaBytes;
        this.silences = silences ?? [];
        this.silenceByte = silenceByte;
        SilenceBytes = this.silences.Sum(s => s.Bytes);
    }

    /// <summary>Silence inserted where the recording was paused (its length in the file).</summary>
    public long SilenceBytes { get; }

    /// <summary>The file's media type (<c>audio/wav</c> when wrapped).</summary>
    public string ContentType { get; }

    /// <summary>The file name extension (<c>wav</c>, or <c>bin</c> for media served as stored).</summary>
    public string Extension { get; }

    /// <summary>True when 16-bit samples are stored big-endian (L16) and served little-endian (WAV).</summary>
    public bool SwapsByteOrder { get; }

    /// <summary>The stored media's length.</summary>
    public long MediaBytes { get; }

    /// <summary>The bytes before the media (empty when served as stored).</summary>
    public ReadOnlyMemory<byte> Header => header;

    /// <summary>Bytes per second of the media (raw G.711 and L16; 0 for media served as stored).</summary>
    public int BytesPerSecond { get; private init; }

    /// <summary>
    /// The media's bytes per second for a raw media type (G.711, L16 with their rate and channels), or null when the
    /// type does not say (WAV: see <see cref="TryReadWaveHeader"/>; other types: unknown).
    /// </summary>
    /// <param name="mediaType">The call's media type.</param>
    /// <returns>Bytes per second, or null.</returns>
    public static int? BytesPerSecondOf(string mediaType) => For(mediaType, 0) is { BytesPerSecond: > 0 } file ? file.BytesPerSecond : null;

    /// <summary>
    /// Reads a WAV file's start (the first chunk of a recording sent as <c>audio/wav</c>): its byte rate and how many
    /// bytes precede the samples. False when it is not a RIFF/WAVE header with <c>fmt </c> before <c>data</c>.
    /// </summary>
    /// <param name="start">The file's first bytes.</param>
    /// <param name="bytesPerSecond">The <c>fmt </c> chunk's average bytes per second.</param>
    /// <param name="headerBytes">The offset of the <c>data</c> chunk's samples.</param>
    /// <returns>True when both were found.</returns>
    public static bool TryReadWaveHeader(ReadOnlySpan<byte> start, out int bytesPerSecond, out int headerBytes)
    {
        bytesPerSecond = 0;
        headerBytes = 0;
        if (start.Length < 12 || !start[..4].SequenceEqual("RIFF"u8) || !start[8..12].SequenceEqual("WAVE"u8))
        {
            return false;
        }

        var at = 12;
        while (at + 8 <= start.Length)
        {
            var id = start.Slice(at, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(start[(at + 4)..]);
            if (id.SequenceEqual("fmt "u8) && at + 16 <= start.Length && size >= 16)
            {
                bytesPerSecond = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(start[(at + 16)..]));
            }
            else if (id.SequenceEqual("data"u8))
            {
                headerBytes = at + 8;
                return bytesPerSecond > 0;
            }

            if (size > int.MaxValue - at - 9)
            {
                return false;
            }

            at += 8 + (int)size + (int)(size & 1);
        }

        return false;
    }

    /// <summary>Where the pauses' silence goes: its offset in the stored media and its length, in order.</summary>
    public IReadOnlyList<(long Offset, long Bytes)> Silences => silences;

    /// <summary>
    /// The sample layout of raw G.711 or L16 media (<c>audio/PCMA</c>, <c>audio/PCMU</c>, <c>audio/L16</c> with their
    /// rate and channels): bytes per sample frame, channels, bytes per sample and the byte that is silence (A-law 0xD5,
    /// µ-law 0xFF, L16 0). Null for any other media type.
    /// </summary>
    /// <param name="mediaType">The call's media type.</param>
    /// <returns>The layout, or null.</returns>
    public static (int BytesPerSecond, int BlockAlign, int Channels, int BytesPerSample, byte Silence)? RawLayoutOf(string mediaType)
    {
        var file = For(mediaType, 0);
        if (file.BytesPerSecond == 0)
        {
            return null;
        }

        var (subtype, rate, channels) = Parse(mediaType);
        var bytes = subtype == "l16" ? 2 : 1;
        return (file.BytesPerSecond, channels * bytes, channels, bytes, file.silenceByte);
    }

    /// <summary>
    /// The sample layout of a WAV file from its first bytes (integer PCM of 8 to 32 bits, IEEE float, A-law, µ-law):
    /// as <see cref="RawLayoutOf"/>, plus the offset of the samples. Null when the header is not one of those.
    /// </summary>
    /// <param name="start">The file's first bytes.</param>
    /// <returns>The layout and the header's length, or null.</returns>
    public static (int BytesPerSecond, int BlockAlign, int Channels, int BytesPerSample, byte Silence, int HeaderBytes)? WaveLayoutOf(ReadOnlySpan<byte> start)
    {
        if (!TryReadWaveHeader(start, out var bytesPerSecond, out var headerBytes))
        {
            return null;
        }

        var at = 12;
        while (at + 24 <= start.Length)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(start[(at + 4)..]);
            if (start.Slice(at, 4).SequenceEqual("fmt "u8))
            {
                var tag = BinaryPrimitives.ReadUInt16LittleEndian(start[(at + 8)..]);
                var channels = BinaryPrimitives.ReadUInt16LittleEndian(start[(at + 10)..]);
                var blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(start[(at + 20)..]);
                var bits = BinaryPrimitives.ReadUInt16LittleEndian(start[(at + 22)..]);
                if (tag == 0xFFFE && size >= 40 && at + 34 <= start.Length)
                {
                    // WAVE_FORMAT_EXTENSIBLE: the sub-format GUID starts with the format tag.
                    tag = BinaryPrimitives.ReadUInt16LittleEndian(start[(at + 32)..]);
                }

                var silence = (tag, bits) switch
                {
                    (1, 8) => (byte)0x80,
                    (1, 16 or 24 or 32) or (3, 32 or 64) => (byte)0,
                    (6, 8) => (byte)0xD5,
                    (7, 8) => (byte)0xFF,
                    _ => (byte?)null,
                };
                return silence is null || channels == 0 || blockAlign != channels * (bits / 8)
                    ? null
                    : (bytesPerSecond, blockAlign, channels, bits / 8, silence.Value, headerBytes);
            }

            if (size > int.MaxValue - at - 9)
            {
                return null;
            }

            at += 8 + (int)size + (int)(size & 1);
        }

        return null;
    }

    /// <summary>The file's length: header, media and the pauses' silence.</summary>
    public long Length => header.Length + MediaBytes + SilenceBytes;

    /// <summary>The file for a recording of <paramref name="mediaBytes"/> stored bytes of <paramref name="mediaType"/>.</summary>
    /// <param name="mediaType">The call's media type.</param>
    /// <param name="mediaBytes">The stored media's length.</param>
    /// <returns>How it is served.</returns>
    public static PlaybackFile For(string mediaType, long mediaBytes) => For(mediaType, mediaBytes, []);

    /// <summary>The file for a sealed recording: its stored media with its pauses' silence.</summary>
    /// <param name="mediaType">The call's media type.</param>
    /// <param name="summary">The sealed call's summary (media length and pauses; a pause that lasted to the end lasts until the seal).</param>
    /// <returns>How it is served.</returns>
    public static PlaybackFile For(string mediaType, CallSummary summary) =>
        For(mediaType, summary.MediaBytes, [.. summary.Pauses
            .Where(p => p.MediaByteOffset is not null)
            .Select(p => (p.MediaByteOffset!.Value, ((p.ResumedAt ?? summary.SealedAt) ?? p.PausedAt) - p.PausedAt))]);

    /// <summary>
    /// The file for a recording with pauses: where the format is known (G.711, L16), each pause becomes silence of
    /// its length at its place in the media, so a player's timeline stays true to the call; other media types are
    /// served as stored (their pauses are in the summary only).
    /// </summary>
    /// <param name="mediaType">The call's media type.</param>
    /// <param name="mediaBytes">The stored media's length.</param>
    /// <param name="pauses">Each pause's place in the stored media (bytes) and length (wall-clock time).</param>
    /// <returns>How it is served.</returns>
    public static PlaybackFile For(string mediaType, long mediaBytes, IReadOnlyList<(long Offset, TimeSpan Duration)> pauses)
    {
        var (subtype, rate, channels) = Parse(mediaType);
        var (tag, bits) = subtype switch
        {
            "pcma" => (6, 8),
            "pcmu" or "basic" => (7, 8),
            "l16" => (1, 16),
            _ => (0, 0),
        };
        if (subtype is "wav" or "wave" or "x-wav" or "vnd.wave")
        {
            return new PlaybackFile("audio/wav", "wav", [], false, mediaBytes);
        }

        var blockAlign = channels * bits / 8;
        if (tag == 0 || rate is < 1 or > 384_000 || channels is < 1 or > 8 || mediaBytes > uint.MaxValue - 50 || (blockAlign > 0 && mediaBytes % blockAlign != 0))
        {
            return new PlaybackFile(mediaType, "bin", [], false, mediaBytes);
        }

        var silences = pauses
            .Where(p => p.Duration > TimeSpan.Zero && p.Offset >= 0 && p.Offset <= mediaBytes)
            .Select(p => (Offset: p.Offset - (p.Offset % blockAlign), Bytes: (long)Math.Round(p.Duration.TotalSeconds * rate) * blockAlign))
            .OrderBy(p => p.Offset)
            .ToList();
        var total = mediaBytes + silences.Sum(p => p.Bytes);
        if (total > uint.MaxValue - 50)
        {
            silences = [];
            total = mediaBytes;
        }

        var silence = tag switch { 6 => (byte)0xD5, 7 => (byte)0xFF, _ => (byte)0 };
        return new PlaybackFile("audio/wav", "wav", WaveHeader(tag, rate, channels, bits, total), tag == 1, mediaBytes, silences, silence) { BytesPerSecond = rate * blockAlign };
    }

    /// <summary>
    /// The file's bytes from <paramref name="from"/> to <paramref name="to"/> (inclusive), produced from the stored
    /// media's chunks in order. Chunks before the range are skipped without copying.
    /// </summary>
    /// <param name="media">The stored media, in order.</param>
    /// <param name="from">First byte of the file wanted.</param>
    /// <param name="to">Last byte of the file wanted.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The pieces of the range, in order; fewer bytes only when the media is shorter than <see cref="MediaBytes"/>.</returns>
    public IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(IAsyncEnumerable<byte[]> media, long from, long to, CancellationToken cancellationToken = default) =>
        ReadAsync(media, 0, from, to, cancellationToken);

    /// <summary>
    /// The stored media a range of the file needs, [<c>From</c>, <c>To</c>): what a seek reads (past each pause's
    /// silence, whole 16-bit samples where they are swapped). Read those bytes and pass them to
    /// <see cref="ReadAsync(IAsyncEnumerable{byte[]}, long, long, long, CancellationToken)"/> with their start.
    /// </summary>
    /// <param name="from">First byte of the file wanted.</param>
    /// <param name="to">Last byte of the file wanted.</param>
    /// <returns>The stored span (empty when the range is all header).</returns>
    public (long From, long To) StoredSpan(long from, long to)
    {
        if (to < header.Length)
        {
            return (0, 0);
        }

        var start = StoredOffset(Math.Max(0, from - header.Length), silences);
        var end = StoredOffset(to - header.Length, silences) + 1;
        if (SwapsByteOrder)
        {
            start -= start % 2;
            end += end % 2;
        }

        return (Math.Min(start, MediaBytes), Math.Min(end, MediaBytes));
    }

    /// <summary>A position on the file's media timeline (pauses' silence included) as a stored media offset.</summary>
    /// <param name="position">Bytes from the media's start on the file's timeline.</param>
    /// <param name="silences">Each pause's silence: its offset in the stored media and its length, in order.</param>
    /// <returns>The stored offset (a pause's own offset for a position inside it).</returns>
    public static long StoredOffset(long position, IReadOnlyList<(long Offset, long Bytes)> silences)
    {
        long inserted = 0;
        foreach (var (offset, bytes) in silences)
        {
            var start = offset + inserted;
            if (position < start)
            {
                break;
            }

            if (position < start + bytes)
            {
                return offset;
            }

            inserted += bytes;
        }

        return position - inserted;
    }

    /// <summary>
    /// The file's bytes from <paramref name="from"/> to <paramref name="to"/> (inclusive), produced from stored media
    /// that starts at <paramref name="mediaStart"/> (a seek: <see cref="StoredSpan"/> says which bytes to read).
    /// </summary>
    /// <param name="media">The stored media from <paramref name="mediaStart"/> on, in order.</param>
    /// <param name="mediaStart">The stored offset of the media's first byte.</param>
    /// <param name="from">First byte of the file wanted.</param>
    /// <param name="to">Last byte of the file wanted.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The pieces of the range, in order.</returns>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(
        IAsyncEnumerable<byte[]> media, long mediaStart, long from, long to, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (from < header.Length)
        {
            yield return header.AsMemory((int)from, (int)(Math.Min(to + 1, header.Length) - from));
        }

        if (to < header.Length)
        {
            yield break;
        }

        if (silences.Count > 0)
        {
            media = WithSilence(media, mediaStart);
        }

        // Media positions wanted: [start, end]; the media given starts at the file position of its stored start.
        var start = Math.Max(0, from - header.Length);
        var end = to - header.Length;
        var position = mediaStart + silences.Where(s => s.Offset < mediaStart).Sum(s => s.Bytes);
        byte? carried = null;
        await foreach (var chunk in media.WithCancellation(cancellationToken))
        {
            var chunkStart = position;
            position += chunk.Length;
            if (SwapsByteOrder)
            {
                // A sample may straddle two chunks: swap over whole sample pairs, carrying an odd trailing byte.
                var joined = carried is { } c ? [c, .. chunk] : chunk;
                var joinedStart = carried is null ? chunkStart : chunkStart - 1;
                var whole = joined.Length & ~1;
                carried = whole < joined.Length ? joined[^1] : null;
                if (whole == 0 || joinedStart + whole <= start)
                {
                    continue;
                }

                var swapped = joined.AsSpan(0, whole).ToArray();
                for (var i = 0; i < whole; i += 2)
                {
                    (swapped[i], swapped[i + 1]) = (swapped[i + 1], swapped[i]);
                }

                var a = (int)Math.Max(0, start - joinedStart);
                var b = (int)Math.Min(whole, end + 1 - joinedStart);
                if (b > a)
                {
                    yield return swapped.AsMemory(a, b - a);
                }

                if (joinedStart + whole > end)
                {
                    yield break;
                }

                continue;
            }

            if (position <= start)
            {
                continue;
            }

            var from2 = (int)Math.Max(0, start - chunkStart);
            var to2 = (int)Math.Min(chunk.Length, end + 1 - chunkStart);
            if (to2 > from2)
            {
                yield return chunk.AsMemory(from2, to2 - from2);
            }

            if (position > end)
            {
                yield break;
            }
        }
    }

    /// <summary>The stored media with each pause's silence inserted at its offset (chunks split where needed).</summary>
    private async IAsyncEnumerable<byte[]> WithSilence(IAsyncEnumerable<byte[]> media, long mediaStart)
    {
        var next = 0;
        while (next < silences.Count && silences[next].Offset < mediaStart)
        {
            next++;
        }

        var position = mediaStart;
        await foreach (var chunk in media)
        {
            var at = 0;
            while (next < silences.Count && silences[next].Offset < position + chunk.Length)
            {
                var cut = (int)(silences[next].Offset - position);
                if (cut > at)
                {
                    yield return chunk[at..cut];
                    at = cut;
                }

                foreach (var piece in Silence(silences[next++].Bytes))
                {
                    yield return piece;
                }
            }

            if (at < chunk.Length)
            {
                yield return at == 0 ? chunk : chunk[at..];
            }

            position += chunk.Length;
        }

        // A pause that lasted to the end of the call.
        while (next < silences.Count)
        {
            foreach (var piece in Silence(silences[next++].Bytes))
            {
                yield return piece;
            }
        }
    }

    private IEnumerable<byte[]> Silence(long bytes)
    {
        for (long left = bytes; left > 0;)
        {
            var piece = new byte[(int)Math.Min(left, 64 * 1024)];
            Array.Fill(piece, silenceByte); // L16's silence is zero in either byte order.
            yield return piece;
            left -= piece.Length;
        }
    }

    /// <summary>Whole-file convenience: <see cref="ReadAsync(IAsyncEnumerable{byte[]}, long, long, CancellationToken)"/> from the first byte to the last.</summary>
    /// <param name="media">The stored media, in order.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The file's pieces.</returns>
    public IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAllAsync(IAsyncEnumerable<byte[]> media, CancellationToken cancellationToken = default) =>
        ReadAsync(media, 0, Math.Max(0, Length - 1), cancellationToken);

    /// <summary>The lower-cased subtype and the rate and channels parameters (8000 and 1 when absent).</summary>
    private static (string Subtype, int Rate, int Channels) Parse(string mediaType)
    {
        var parts = mediaType.Split(';', StringSplitOptions.TrimEntries);
        var type = parts[0].ToLowerInvariant();
        var slash = type.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || type[..slash] != "audio")
        {
            return (string.Empty, 0, 0);
        }

        int rate = 8000, channels = 1;
        foreach (var parameter in parts.Skip(1))
        {
            var eq = parameter.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0 || !int.TryParse(parameter[(eq + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return (string.Empty, 0, 0);
            }

            switch (parameter[..eq].Trim().ToLowerInvariant())
            {
                case "rate":
                    rate = value;
                    break;
                case "channels":
                    channels = value;
                    break;
                default:
                    return (string.Empty, 0, 0);
            }
        }

        return (type[(slash + 1)..], rate, channels);
    }

    private static byte[] WaveHeader(int tag, int rate, int channels, int bits, long mediaBytes)
    {
        var blockAlign = channels * bits / 8;
        var pcm = tag == 1;

        // PCM: "fmt " of 16 bytes. A-law/µ-law: "fmt " of 18 (cbSize 0) and the "fact" chunk non-PCM formats carry.
        var size = pcm ? 44 : 58;
        var header = new byte[size];
        var span = header.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)(size - 8 + mediaBytes));
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], pcm ? 16u : 18u);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], (ushort)tag);
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], (uint)rate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], (uint)(rate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], (ushort)bits);
        var at = 36;
        if (!pcm)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[36..], 0);
            "fact"u8.CopyTo(span[38..]);
            BinaryPrimitives.WriteUInt32LittleEndian(span[42..], 4);
            BinaryPrimitives.WriteUInt32LittleEndian(span[46..], (uint)(mediaBytes / channels));
            at = 50;
        }

        "data"u8.CopyTo(span[at..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 4)..], (uint)mediaBytes);
        return header;
    }
}
