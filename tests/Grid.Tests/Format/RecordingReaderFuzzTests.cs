using CsCheck;
using Grid.Crypto.Format;
using Grid.Keys;

namespace Grid.Tests.Format;

/// <summary>
/// The recording reader on hostile input: random bytes, and valid recordings with random splices. It must either
/// return exactly the original segments or throw <see cref="RecordingFormatException"/>; any other exception, a
/// hang, or a huge allocation is a defect.
/// </summary>
public sealed class RecordingReaderFuzzTests
{
    private static readonly WrappedKey Envelope = new(new KeyReference(KeyCustodyKind.Software, "software:t-fuzz", 1), "A256GCM", new byte[60]);

    private static async Task<(bool Ok, List<RecordingSegment> Segments)> TryReadAsync(byte[] bytes, byte[] dataKey)
    {
        using var stream = new MemoryStream(bytes);
        var segments = new List<RecordingSegment>();
        try
        {
            await foreach (var segment in RecordingReader.ReadAsync(stream, (_, _) => Task.FromResult(dataKey.ToArray())))
            {
                segments.Add(segment);
            }

            return (true, segments);
        }
        catch (RecordingFormatException)
        {
            return (false, segments);
        }
    }

    [Fact]
    public async Task Random_bytes_are_rejected_with_a_format_error_only()
    {
        var key = RecordingKeys.NewDataKey();
        await Gen.Byte.Array[0, 2000].SampleAsync(async bytes =>
        {
            var (ok, _) = await TryReadAsync(bytes, key);
            Assert.False(ok);
        }, iter: 500);
    }

    [Fact]
    public async Task Random_bytes_after_a_valid_header_are_rejected_with_a_format_error_only()
    {
        var key = RecordingKeys.NewDataKey();
        var header = RecordingHeader.Create("t-fuzz", "call-1", Envelope, key).Encode();
        await Gen.Byte.Array[0, 3000].SampleAsync(async tail =>
        {
            var (ok, segments) = await TryReadAsync([.. header, .. tail], key);
            Assert.False(ok);
            Assert.Empty(segments);
        }, iter: 500);
    }

    [Fact]
    public async Task A_valid_recording_with_a_random_region_overwritten_is_rejected_or_unchanged()
    {
        var key = RecordingKeys.NewDataKey();
        var header = RecordingHeader.Create("t-fuzz", "call-1", Envelope, key);
        using var cipher = RecordingCipher.Open(header, key);
        var chunks = Enumerable.Range(0, 5).Select(i => Enumerable.Repeat((byte)i, 100 + i).ToArray()).ToList();
        byte[] original = [.. header.Encode(), .. chunks.SelectMany((c, i) => cipher.EncryptData(i, c)), .. cipher.EncryptFinal(RecordingTrailer.FromSegments(Enumerable.Range(0, 5).Select(i => (long)i), chunks.Sum(c => c.Length)))];

        await Gen.Select(Gen.Int[0, original.Length - 1], Gen.Byte.Array[1, 40]).SampleAsync(async (at, patch) =>
        {
            var bytes = original.ToArray();
            patch.AsSpan(0, Math.Min(patch.Length, bytes.Length - at)).CopyTo(bytes.AsSpan(at));
            var (ok, segments) = await TryReadAsync(bytes, key);
            if (ok)
            {
                // Only a patch that changed nothing authenticated (e.g. identical bytes or the unbound envelope).
                Assert.Equal(chunks, segments.Select(s => s.Data));
            }
        }, iter: 500);
    }
}
