using CsCheck;
using Grid.Crypto.Format;
using Grid.Keys;

namespace Grid.Tests.Format;

/// <summary>The recording format alone (no cluster): round trips and every kind of tampering, over random recordings.</summary>
public sealed class RecordingFormatTests
{
    private static readonly WrappedKey Envelope = new(new KeyReference(KeyCustodyKind.Software, "software:t-format", 1), "A256GCM", new byte[60]);

    /// <summary>A recording built the way the call grain builds it: header, data frames by ascending sequence, final frame.</summary>
    private sealed record Built(byte[] DataKey, byte[] Header, List<(long Seq, byte[] Frame, byte[] Plain)> Frames, byte[] Final)
    {
        public byte[] Bytes(IEnumerable<byte[]>? frames = null, bool withFinal = true) =>
            [.. Header, .. (frames ?? Frames.Select(f => f.Frame)).SelectMany(f => f), .. withFinal ? Final : []];
    }

    private static Built Build(IReadOnlyList<(long Seq, byte[] Data)> chunks, string callId = "call-1")
    {
        var dataKey = RecordingKeys.NewDataKey();
        var header = RecordingHeader.Create("t-format", callId, Envelope, dataKey);
        using var cipher = RecordingCipher.Open(header, dataKey);
        var ordered = chunks.OrderBy(c => c.Seq).ToList();
        var frames = ordered.Select(c => (c.Seq, cipher.EncryptData(c.Seq, c.Data), c.Data)).ToList();
        var final = cipher.EncryptFinal(RecordingTrailer.FromSegments(ordered.Select(c => c.Seq), ordered.Sum(c => (long)c.Data.Length)));
        return new Built(dataKey, header.Encode(), frames, final);
    }

    private static async Task<List<RecordingSegment>> ReadAsync(byte[] recording, byte[] dataKey)
    {
        using var stream = new MemoryStream(recording);
        var result = new List<RecordingSegment>();
        await foreach (var segment in RecordingReader.ReadAsync(stream, (_, _) => Task.FromResult(dataKey.ToArray())))
        {
            result.Add(segment);
        }

        return result;
    }

    private static async Task<RecordingFormatError> FailureAsync(byte[] recording, byte[] dataKey)
    {
        var error = await Assert.ThrowsAsync<RecordingFormatException>(() => ReadAsync(recording, dataKey));
        return error.Error;
    }

    private static readonly Gen<List<(long Seq, byte[] Data)>> Chunks =
        Gen.Int[1, 8].SelectMany(count =>
            Gen.Long[0, 50].HashSet[count, count].SelectMany(seqs =>
                Gen.Byte.Array[1, 300].Array[count, count].Select(data => seqs.Order().Zip(data).Select(p => (p.First, p.Second)).ToList())));

    [Fact]
    public async Task Random_recordings_round_trip_exactly()
    {
        await Chunks.SampleAsync(async chunks =>
        {
            var built = Build(chunks);
            var read = await ReadAsync(built.Bytes(), built.DataKey);
            Assert.Equal(chunks.Select(c => c.Seq), read.Select(r => r.Sequence));
            Assert.Equal(chunks.Select(c => c.Data), read.Select(r => r.Data));
        }, iter: 100);
    }

    [Fact]
    public async Task Flipping_any_bit_after_the_header_fails_decryption()
    {
        await Gen.Select(Chunks, Gen.Int[0, int.MaxValue], Gen.Int[0, 7]).SampleAsync(async (chunks, at, bit) =>
        {
            var built = Build(chunks);
            var bytes = built.Bytes();
            var index = built.Header.Length + (at % (bytes.Length - built.Header.Length));
            bytes[index] ^= (byte)(1 << bit);
            await Assert.ThrowsAsync<RecordingFormatException>(() => ReadAsync(bytes, built.DataKey));
        }, iter: 200);
    }

    [Fact]
    public async Task Flipping_any_bit_of_the_bound_header_fails()
    {
        await Gen.Select(Chunks, Gen.Int[0, int.MaxValue], Gen.Int[0, 7]).SampleAsync(async (chunks, at, bit) =>
        {
            var built = Build(chunks);
            var bytes = built.Bytes();
            var boundEnd = 7 + ((bytes[5] << 8) | bytes[6]);
            bytes[at % boundEnd] ^= (byte)(1 << bit);
            await Assert.ThrowsAsync<RecordingFormatException>(() => ReadAsync(bytes, built.DataKey));
        }, iter: 200);
    }

    [Fact]
    public async Task Dropping_any_segment_fails()
    {
        await Gen.Select(Chunks, Gen.Int[0, int.MaxValue]).SampleAsync(async (chunks, pick) =>
        {
            var built = Build(chunks);
            var drop = pick % built.Frames.Count;
            var frames = built.Frames.Where((_, i) => i != drop).Select(f => f.Frame);
            Assert.Equal(RecordingFormatError.SegmentSetMismatch, await FailureAsync(built.Bytes(frames), built.DataKey));
        }, iter: 100);
    }

    [Fact]
    public async Task Duplicating_any_segment_fails()
    {
        await Gen.Select(Chunks, Gen.Int[0, int.MaxValue]).SampleAsync(async (chunks, pick) =>
        {
            var built = Build(chunks);
            var dup = pick % built.Frames.Count;
            var frames = built.Frames.SelectMany((f, i) => i == dup ? new[] { f.Frame, f.Frame } : [f.Frame]);
            Assert.Equal(RecordingFormatError.SegmentOrder, await FailureAsync(built.Bytes(frames), built.DataKey));
        }, iter: 100);
    }

    [Fact]
    public async Task Swapping_two_segments_fails()
    {
        await Gen.Select(Chunks.Where(c => c.Count >= 2), Gen.Int[0, int.MaxValue]).SampleAsync(async (chunks, pick) =>
        {
            var built = Build(chunks);
            var i = pick % (built.Frames.Count - 1);
            var frames = built.Frames.Select(f => f.Frame).ToList();
            (frames[i], frames[i + 1]) = (frames[i + 1], frames[i]);
            Assert.Equal(RecordingFormatError.SegmentOrder, await FailureAsync(built.Bytes(frames), built.DataKey));
        }, iter: 100);
    }

    [Fact]
    public async Task Truncating_anywhere_fails()
    {
        await Gen.Select(Chunks, Gen.Int[0, int.MaxValue]).SampleAsync(async (chunks, cut) =>
        {
            var built = Build(chunks);
            var bytes = built.Bytes();
            var length = cut % bytes.Length;
            await Assert.ThrowsAsync<RecordingFormatException>(() => ReadAsync(bytes[..length], built.DataKey));
        }, iter: 200);
    }

    [Fact]
    public async Task A_recording_without_its_final_segment_is_reported_as_truncated()
    {
        var built = Build([(0, [1, 2, 3]), (1, [4, 5])]);

        Assert.Equal(RecordingFormatError.Truncated, await FailureAsync(built.Bytes(withFinal: false), built.DataKey));
    }

    [Fact]
    public async Task Bytes_after_the_final_segment_fail()
    {
        var built = Build([(0, [1, 2, 3])]);

        Assert.Equal(RecordingFormatError.TrailingData, await FailureAsync([.. built.Bytes(), 0], built.DataKey));
    }

    [Fact]
    public async Task A_segment_moved_from_another_recording_fails_even_under_the_same_data_key()
    {
        var a = Build([(0, [1, 2, 3]), (1, [4, 5, 6])], "call-a");
        var header = RecordingHeader.Create("t-format", "call-b", Envelope, a.DataKey);
        using var cipher = RecordingCipher.Open(header, a.DataKey);
        var foreign = cipher.EncryptData(1, [4, 5, 6]);

        var spliced = a.Bytes([a.Frames[0].Frame, foreign]);

        Assert.Equal(RecordingFormatError.SegmentAuthenticationFailed, await FailureAsync(spliced, a.DataKey));
    }

    [Fact]
    public async Task A_swapped_header_fails_the_key_commitment()
    {
        var a = Build([(0, [1, 2, 3])], "call-a");
        var b = Build([(0, [1, 2, 3])], "call-b");

        Assert.Equal(RecordingFormatError.KeyCommitmentMismatch, await FailureAsync([.. b.Header, .. a.Frames[0].Frame, .. a.Final], a.DataKey));
        Assert.Equal(RecordingFormatError.KeyCommitmentMismatch, await FailureAsync(a.Bytes(), b.DataKey));
    }

    [Fact]
    public async Task An_empty_recording_has_only_a_header_and_a_final_segment()
    {
        var built = Build([]);

        Assert.Empty(await ReadAsync(built.Bytes(), built.DataKey));
        Assert.Equal(built.Header.Length + RecordingCipher.FrameOverhead + 20, built.Bytes().Length);
    }

    [Fact]
    public void The_header_round_trips_through_its_encoding()
    {
        var header = RecordingHeader.Create("t-format", "call-1", Envelope, RecordingKeys.NewDataKey());

        var (decoded, length) = RecordingHeader.Decode(header.Encode());

        Assert.Equal(header.Encode().Length, length);
        Assert.Equal(header.Encode(), decoded.Encode());
        Assert.Equal(header.Envelope.Key, decoded.Envelope.Key);
        Assert.Equal(header.AssociatedData, decoded.AssociatedData);
    }

    [Fact]
    public void Chunk_tags_differ_by_content_and_by_sequence()
    {
        var key = RecordingKeys.NewDataKey();
        using var cipher = RecordingCipher.Open(RecordingHeader.Create("t-format", "call-1", Envelope, key), key);

        var tag = cipher.TagChunk(5, [1, 2, 3]);

        Assert.Equal(12, tag.Length);
        Assert.Equal(tag, cipher.TagChunk(5, [1, 2, 3]));
        Assert.NotEqual(tag, cipher.TagChunk(5, [1, 2, 4]));
        Assert.NotEqual(tag, cipher.TagChunk(6, [1, 2, 3]));
    }
}
