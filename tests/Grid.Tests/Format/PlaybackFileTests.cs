using System.Buffers.Binary;
using CsCheck;
using Grid.Calls;

namespace Grid.Tests.Format;

/// <summary>The WAV file raw G.711 and L16 recordings are played and exported as.</summary>
public sealed class PlaybackFileTests
{
    private static async Task<byte[]> ReadAsync(PlaybackFile file, byte[][] chunks, long from, long to)
    {
        var output = new List<byte>();
        await foreach (var piece in file.ReadAsync(chunks.ToAsyncEnumerable(), from, to))
        {
            output.AddRange(piece.ToArray());
        }

        return [.. output];
    }

    private static byte[] Expected(PlaybackFile file, byte[] media)
    {
        var body = media.ToArray();
        if (file.SwapsByteOrder)
        {
            for (var i = 0; i + 1 < body.Length; i += 2)
            {
                (body[i], body[i + 1]) = (body[i + 1], body[i]);
            }
        }

        return [.. file.Header.ToArray(), .. body];
    }

    [Theory]
    [InlineData("audio/PCMA;rate=8000;channels=2", 6, 8000, 2, 8, 58)]
    [InlineData("audio/PCMU", 7, 8000, 1, 8, 58)]
    [InlineData("audio/pcmu; rate=16000", 7, 16000, 1, 8, 58)]
    [InlineData("audio/L16;rate=8000;channels=2", 1, 8000, 2, 16, 44)]
    public void Raw_g711_and_l16_get_a_standard_wav_header(string mediaType, int tag, int rate, int channels, int bits, int headerLength)
    {
        const long media = 16_000;
        var file = PlaybackFile.For(mediaType, media);
        var header = file.Header.Span;

        Assert.Equal(("audio/wav", "wav", headerLength, headerLength + media), (file.ContentType, file.Extension, header.Length, file.Length));
        Assert.Equal("RIFF"u8.ToArray(), header[..4].ToArray());
        Assert.Equal((uint)(file.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(header[4..]));
        Assert.Equal("WAVEfmt "u8.ToArray(), header[8..16].ToArray());
        Assert.Equal(tag, BinaryPrimitives.ReadUInt16LittleEndian(header[20..]));
        Assert.Equal(channels, BinaryPrimitives.ReadUInt16LittleEndian(header[22..]));
        Assert.Equal(rate, (int)BinaryPrimitives.ReadUInt32LittleEndian(header[24..]));
        Assert.Equal(rate * channels * bits / 8, (int)BinaryPrimitives.ReadUInt32LittleEndian(header[28..]));
        Assert.Equal(channels * bits / 8, BinaryPrimitives.ReadUInt16LittleEndian(header[32..]));
        Assert.Equal(bits, BinaryPrimitives.ReadUInt16LittleEndian(header[34..]));
        Assert.Equal("data"u8.ToArray(), header[^8..^4].ToArray());
        Assert.Equal((uint)media, BinaryPrimitives.ReadUInt32LittleEndian(header[^4..]));
        if (tag != 1)
        {
            Assert.Equal("fact"u8.ToArray(), header[38..42].ToArray());
            Assert.Equal((uint)(media / channels), BinaryPrimitives.ReadUInt32LittleEndian(header[46..]));
        }
    }

    [Theory]
    [InlineData("audio/wav", "audio/wav", "wav")]
    [InlineData("application/octet-stream", "application/octet-stream", "bin")]
    [InlineData("audio/opus", "audio/opus", "bin")]
    [InlineData("audio/PCMA;rate=abc", "audio/PCMA;rate=abc", "bin")]
    [InlineData("audio/PCMA;channels=9", "audio/PCMA;channels=9", "bin")]
    [InlineData("audio/PCMA;ptime=20", "audio/PCMA;ptime=20", "bin")]
    [InlineData("audio/PCMA;channels=2", "audio/PCMA;channels=2", "bin")] // 16,001 bytes is not whole frames of two channels
    public void Other_media_is_served_as_stored(string mediaType, string contentType, string extension)
    {
        var file = PlaybackFile.For(mediaType, 16_001);

        Assert.Equal((contentType, extension, 0, 16_001L, false), (file.ContentType, file.Extension, file.Header.Length, file.Length, file.SwapsByteOrder));
    }

    [Fact]
    public void Any_range_of_any_chunking_is_the_same_bytes_of_the_one_file() =>
        Gen.Select(
                Gen.OneOf(Gen.Const("audio/PCMA;rate=8000;channels=2"), Gen.Const("audio/L16;rate=8000;channels=2"), Gen.Const("audio/L16"), Gen.Const("application/octet-stream")),
                Gen.Int[1, 40].SelectMany(n => Gen.Byte.Array[1, 37].Array[n]),
                Gen.Int[0, 2_000],
                Gen.Int[0, 2_000])
            .Where(t => t.Item2.Sum(c => c.Length) % 4 == 0)
            .Sample(t =>
            {
                var (mediaType, chunks, a, b) = t;
                var media = chunks.SelectMany(c => c).ToArray();
                var file = PlaybackFile.For(mediaType, media.Length);
                var whole = Expected(file, media);
                var from = Math.Min(a, b) % whole.Length;
                var to = Math.Min(Math.Max(a, b), whole.Length - 1);
                return ReadAsync(file, chunks, from, to).GetAwaiter().GetResult().AsSpan().SequenceEqual(whole.AsSpan((int)from, (int)(to - from + 1)));
            }, iter: 2_000);

    [Fact]
    public void Pauses_are_silence_of_their_length_at_their_place_for_any_range_and_chunking() =>
        Gen.Select(
                Gen.Int[1, 20].SelectMany(n => Gen.Byte.Array[2, 40].Array[n]),
                Gen.Int[0, 3].SelectMany(n => Gen.Select(Gen.Int[0, 400], Gen.Int[0, 30]).Array[n]),
                Gen.Int[0, 3_000],
                Gen.Int[0, 3_000])
            .Sample(t =>
            {
                var (chunks, rawPauses, a, b) = t;
                chunks = [.. chunks.Select(c => c[..(c.Length & ~1)])];
                var media = chunks.SelectMany(c => c).ToArray();

                // Pauses at even offsets within the media, each a whole number of milliseconds (8 kHz stereo A-law:
                // 16 bytes per millisecond).
                var pauses = rawPauses.Select(p => ((long)Math.Min(p.Item1 & ~1, media.Length), TimeSpan.FromMilliseconds(p.Item2))).ToList();
                var file = PlaybackFile.For("audio/PCMA;rate=8000;channels=2", media.Length, pauses);
                var expected = new List<byte>(file.Header.ToArray());
                var ordered = pauses.Where(p => p.Item2 > TimeSpan.Zero).OrderBy(p => p.Item1).ToList();
                long at = 0;
                foreach (var (offset, duration) in ordered)
                {
                    expected.AddRange(media[(int)at..(int)offset]);
                    expected.AddRange(Enumerable.Repeat((byte)0xD5, (int)duration.TotalMilliseconds * 16));
                    at = offset;
                }

                expected.AddRange(media[(int)at..]);
                if (expected.Count != file.Length)
                {
                    return false;
                }

                var from = Math.Min(a, b) % expected.Count;
                var to = Math.Min(Math.Max(a, b), expected.Count - 1);
                return ReadAsync(file, chunks, from, to).GetAwaiter().GetResult().AsSpan().SequenceEqual(expected.ToArray().AsSpan((int)from, (int)(to - from + 1)));
            }, iter: 2_000);

    [Fact]
    public void A_seek_reads_only_the_stored_span_of_its_range_and_gives_the_same_bytes_as_reading_from_the_start() =>
        Gen.Select(
                Gen.Int[1, 20].SelectMany(n => Gen.Byte.Array[2, 40].Array[n]),
                Gen.Int[0, 3].SelectMany(n => Gen.Select(Gen.Int[0, 400], Gen.Int[0, 30]).Array[n]),
                Gen.Int[0, 3_000],
                Gen.Int[0, 3_000],
                Gen.Bool.Select(l16 => l16 ? "audio/L16;rate=8000" : "audio/PCMA;rate=8000;channels=2"))
            .Sample(t =>
            {
                var (chunks, rawPauses, a, b, mediaType) = t;
                chunks = [.. chunks.Select(c => c[..(c.Length & ~1)])];
                var media = chunks.SelectMany(c => c).ToArray();
                var pauses = rawPauses.Select(p => ((long)Math.Min(p.Item1 & ~1, media.Length), TimeSpan.FromMilliseconds(p.Item2))).ToList();
                var file = PlaybackFile.For(mediaType, media.Length, pauses);
                var from = Math.Min(a, b) % file.Length;
                var to = Math.Min(Math.Max(a, b), file.Length - 1);
                var whole = ReadAsync(file, chunks, from, to).GetAwaiter().GetResult();

                // The seek's media: only the stored span, in pieces as a storage read would give them.
                var (spanFrom, spanTo) = file.StoredSpan(from, to);
                var span = media[(int)spanFrom..(int)spanTo];
                var pieces = span.Chunk(7).ToArray();
                using var read = new MemoryStream();
                foreach (var piece in file.ReadAsync(pieces.ToAsyncEnumerable(), spanFrom, from, to).ToBlockingEnumerable())
                {
                    read.Write(piece.Span);
                }

                return spanFrom <= spanTo && read.ToArray().AsSpan().SequenceEqual(whole);
            }, iter: 2_000);

    [Theory]
    [InlineData("audio/PCMA;rate=8000;channels=2", 16_000)]
    [InlineData("audio/PCMU", 8_000)]
    [InlineData("audio/L16;rate=16000", 32_000)]
    [InlineData("audio/wav", null)]
    [InlineData("audio/opus", null)]
    public void The_byte_rate_of_a_raw_media_type_is_known_and_of_others_not(string mediaType, int? bytesPerSecond) =>
        Assert.Equal(bytesPerSecond, PlaybackFile.BytesPerSecondOf(mediaType));

    [Fact]
    public void A_wave_header_gives_its_byte_rate_and_where_the_samples_start_past_other_chunks()
    {
        var header = new List<byte>();
        header.AddRange("RIFF\0\0\0\0WAVE"u8.ToArray());
        header.AddRange("LIST"u8.ToArray());
        header.AddRange(BitConverter.GetBytes(3u));
        header.AddRange(new byte[] { 1, 2, 3, 0 }); // odd size, padded
        header.AddRange("fmt "u8.ToArray());
        header.AddRange(BitConverter.GetBytes(16u));
        header.AddRange(new byte[] { 1, 0, 2, 0 });
        header.AddRange(BitConverter.GetBytes(8_000u));
        header.AddRange(BitConverter.GetBytes(32_000u));
        header.AddRange(new byte[] { 4, 0, 16, 0 });
        header.AddRange("data"u8.ToArray());
        header.AddRange(BitConverter.GetBytes(64_000u));

        Assert.True(PlaybackFile.TryReadWaveHeader([.. header], out var rate, out var start));
        Assert.Equal((32_000, header.Count), (rate, start));
        Assert.False(PlaybackFile.TryReadWaveHeader("RIFF\0\0\0\0AVI "u8, out _, out _));
        Assert.False(PlaybackFile.TryReadWaveHeader([.. header.Take(30)], out _, out _));
    }
}
