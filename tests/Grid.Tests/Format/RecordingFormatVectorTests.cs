using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grid.Crypto.Format;
using Grid.Keys;

namespace Grid.Tests.Format;

/// <summary>
/// The test vectors published in docs/recording-format-v1.vectors.json (must be produced exactly and decrypt) and
/// docs/recording-format-v1.negative-vectors.json (must each be rejected, with the stated reason). Regenerate (only
/// on a deliberate format change, with a new version, or when adding vectors) with GRID_WRITE_VECTORS=1.
/// </summary>
public sealed class RecordingFormatVectorTests
{
    private static readonly string VectorPath = Path.Combine(RepositoryRoot(), "docs", "recording-format-v1.vectors.json");
    private static readonly string NegativePath = Path.Combine(RepositoryRoot(), "docs", "recording-format-v1.negative-vectors.json");

    /// <summary>The published test key-encryption key of the software-custody vector (never a real key).</summary>
    private static readonly byte[] TestKek = Enumerable.Range(0x40, 32).Select(i => (byte)i).ToArray();

    private static readonly VectorCase[] Cases =
    [
        new("two-chunks", [(0, "hello, "), (1, "world!")], 0x00, 0x20, [0xa0, 0xa1, 0xa2, 0xa3], Wrapped: false),
        new("gap-and-order", [(0, "first"), (2, "third"), (7, "eighth")], 0x00, 0x20, [0xa0, 0xa1, 0xa2, 0xa3], Wrapped: false),
        new("empty", [], 0x00, 0x20, [0xa0, 0xa1, 0xa2, 0xa3], Wrapped: false),
        new("software-wrapped", [(0, "wrapped "), (1, "under a test KEK")], 0x80, 0xc0, [0x01, 0x02, 0x03, 0x04], Wrapped: true),
        new("other-key-salt-prefix", [(5, "five"), (6, "six")], 0x11, 0x33, [0xff, 0xee, 0xdd, 0xcc], Wrapped: false),
        new("v2-authenticated-envelope", [(0, "version 2: "), (1, "the envelope has a MAC")], 0x22, 0x44, [0x10, 0x20, 0x30, 0x40], Wrapped: true, RecordingHeader.Version2),
    ];

    [Fact]
    public async Task The_published_test_vectors_are_reproduced_and_decrypt()
    {
        var computed = new JsonArray(Cases.Select(c => (JsonNode)Compute(c).Vector).ToArray());
        var negatives = new JsonArray(Negatives(Compute(Cases[0]), Compute(Cases[^1])).Select(n => (JsonNode)n).ToArray());
        if (Environment.GetEnvironmentVariable("GRID_WRITE_VECTORS") == "1")
        {
            await File.WriteAllTextAsync(VectorPath, computed.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            await File.WriteAllTextAsync(NegativePath, negatives.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        var published = JsonNode.Parse(await File.ReadAllTextAsync(VectorPath))!.AsArray();
        Assert.Equal(Cases.Length, published.Count);
        for (var i = 0; i < Cases.Length; i++)
        {
            Assert.Equal(computed[i]!.ToJsonString(), published[i]!.ToJsonString());
            var vector = published[i]!;
            var recording = Convert.FromHexString(vector["recording"]!.GetValue<string>());
            var dataKey = Convert.FromHexString(vector["dataKey"]!.GetValue<string>());
            if (vector["kek"] is { } kek)
            {
                // A customer holding only the KEK: unwrap the envelope's data key as the spec says, then decrypt.
                var header = RecordingHeader.Decode(recording).Header;
                Assert.Equal(dataKey, UnwrapSoftware(Convert.FromHexString(kek.GetValue<string>()), header.Envelope.Ciphertext, $"{header.TenantId}/{header.CallId}"));
            }

            var read = await ReadAllAsync(recording, dataKey);
            Assert.Equal(Cases[i].Chunks.Select(c => c.Seq), read.Select(r => r.Sequence));
            Assert.Equal(Cases[i].Chunks.Select(c => c.Text), read.Select(r => Encoding.UTF8.GetString(r.Data)));
        }
    }

    [Fact]
    public async Task Every_published_negative_vector_is_rejected_for_its_stated_reason()
    {
        var published = JsonNode.Parse(await File.ReadAllTextAsync(NegativePath))!.AsArray();
        var expected = Negatives(Compute(Cases[0]), Compute(Cases[^1]));
        Assert.Equal(expected.Select(e => e.ToJsonString()), published.Select(p => p!.ToJsonString()));
        Assert.True(published.Count >= 8);
        foreach (var vector in published)
        {
            var recording = Convert.FromHexString(vector!["recording"]!.GetValue<string>());
            var dataKey = Convert.FromHexString(vector["dataKey"]!.GetValue<string>());
            var error = await Assert.ThrowsAsync<RecordingFormatException>(() => ReadAllAsync(recording, dataKey));
            Assert.True(vector["rejectedWith"]!.GetValue<string>() == error.Error.ToString(), $"{vector["name"]}: {error.Error}");
        }
    }

    private static async Task<List<RecordingSegment>> ReadAllAsync(byte[] recording, byte[] dataKey)
    {
        using var stream = new MemoryStream(recording);
        var read = new List<RecordingSegment>();
        await foreach (var segment in RecordingReader.ReadAsync(stream, (_, _) => Task.FromResult(dataKey)))
        {
            read.Add(segment);
        }

        return read;
    }

    private static byte[] UnwrapSoftware(byte[] kek, byte[] wrapped, string context)
    {
        using var aes = new AesGcm(kek, 16);
        var dataKey = new byte[wrapped.Length - 28];
        aes.Decrypt(wrapped.AsSpan(0, 12), wrapped.AsSpan(12, dataKey.Length), wrapped.AsSpan(12 + dataKey.Length), dataKey, Encoding.UTF8.GetBytes(context));
        return dataKey;
    }

    private static Computed Compute(VectorCase c)
    {
        var dataKey = Enumerable.Range(c.KeySeed, 32).Select(i => (byte)i).ToArray();
        var salt = Enumerable.Range(c.SaltSeed, 32).Select(i => (byte)i).ToArray();
        var callId = "call-" + c.Name;
        var envelope = new byte[60];
        if (c.Wrapped)
        {
            // Software custody's wrap: iv (12) || AES-256-GCM(KEK, iv, DEK, AAD = "{tenant}/{call}") || tag (16).
            var iv = Enumerable.Range(0x60, 12).Select(i => (byte)i).ToArray();
            using var aes = new AesGcm(TestKek, 16);
            iv.CopyTo(envelope, 0);
            aes.Encrypt(iv, dataKey, envelope.AsSpan(12, 32), envelope.AsSpan(44, 16), Encoding.UTF8.GetBytes($"t-vectors/{callId}"));
        }

        using var keys = RecordingKeys.Derive(dataKey, salt);
        var header = new RecordingHeader
        {
            TenantId = "t-vectors",
            CallId = callId,
            Salt = salt,
            NoncePrefix = c.NoncePrefix,
            Commitment = keys.Commitment.ToArray(),
            Envelope = new WrappedKey(new KeyReference(KeyCustodyKind.Software, "software:t-vectors", 1), "A256GCM", envelope),
            Version = c.Version,
        };
        if (c.Version >= RecordingHeader.Version2)
        {
            header = header with { EnvelopeMac = header.ComputeEnvelopeMac(dataKey) };
        }

        using var cipher = RecordingCipher.Open(header, dataKey);
        var frames = c.Chunks.Select(chunk => cipher.EncryptData(chunk.Seq, Encoding.UTF8.GetBytes(chunk.Text))).ToList();
        var final = cipher.EncryptFinal(RecordingTrailer.FromSegments(c.Chunks.Select(x => x.Seq), c.Chunks.Sum(x => (long)Encoding.UTF8.GetByteCount(x.Text))));
        var headerBytes = header.Encode();
        var vector = new JsonObject
        {
            ["name"] = c.Name,
            ["dataKey"] = Convert.ToHexStringLower(dataKey),
            ["salt"] = Convert.ToHexStringLower(salt),
            ["noncePrefix"] = Convert.ToHexStringLower(c.NoncePrefix),
            ["associatedData"] = Convert.ToHexStringLower(header.AssociatedData),
            ["chunks"] = new JsonArray(c.Chunks.Select(x => (JsonNode)new JsonObject { ["sequence"] = x.Seq, ["utf8"] = x.Text }).ToArray()),
            ["recording"] = Convert.ToHexStringLower([.. headerBytes, .. frames.SelectMany(f => f), .. final]),
        };
        if (c.Wrapped)
        {
            vector["kek"] = Convert.ToHexStringLower(TestKek);
        }

        return new Computed(vector, dataKey, headerBytes, frames, final);
    }

    /// <summary>Tamperings of the first vector, each with the reason a reader must give.</summary>
    private static List<JsonObject> Negatives(Computed v, Computed v2)
    {
        byte[] Join(byte[] header, IEnumerable<byte[]> frames, byte[]? final) => [.. header, .. frames.SelectMany(f => f), .. final ?? []];
        byte[] Flip(byte[] bytes, int index)
        {
            var copy = bytes.ToArray();
            copy[index] ^= 0x01;
            return copy;
        }

        var otherKey = v.DataKey.Select(b => (byte)(b ^ 0xff)).ToArray();
        var saltAt = 4 + 1 + 2 + 1 + "t-vectors".Length + 1 + "call-two-chunks".Length;
        var cases = new (string Name, string What, byte[] Recording, byte[] Key, RecordingFormatError Error)[]
        {
            ("bit-flipped-in-a-frame", "one bit of the first data frame's ciphertext flipped", Join(v.Header, [Flip(v.Frames[0], 13), v.Frames[1]], v.Final), v.DataKey, RecordingFormatError.SegmentAuthenticationFailed),
            ("bit-flipped-in-the-salt", "one bit of the header's salt flipped", Join(Flip(v.Header, saltAt), v.Frames, v.Final), v.DataKey, RecordingFormatError.KeyCommitmentMismatch),
            ("wrong-data-key", "the right recording read with another data key", Join(v.Header, v.Frames, v.Final), otherKey, RecordingFormatError.KeyCommitmentMismatch),
            ("frames-swapped", "the two data frames in reverse order", Join(v.Header, [v.Frames[1], v.Frames[0]], v.Final), v.DataKey, RecordingFormatError.SegmentOrder),
            ("frame-duplicated", "the first data frame twice", Join(v.Header, [v.Frames[0], v.Frames[0], v.Frames[1]], v.Final), v.DataKey, RecordingFormatError.SegmentOrder),
            ("frame-dropped", "the second data frame removed", Join(v.Header, [v.Frames[0]], v.Final), v.DataKey, RecordingFormatError.SegmentSetMismatch),
            ("final-frame-removed", "cut before the final frame", Join(v.Header, v.Frames, null), v.DataKey, RecordingFormatError.Truncated),
            ("cut-inside-a-frame", "cut in the middle of the final frame", Join(v.Header, v.Frames, v.Final)[..^5], v.DataKey, RecordingFormatError.Truncated),
            ("bytes-appended", "one byte after the final frame", [.. Join(v.Header, v.Frames, v.Final), 0x00], v.DataKey, RecordingFormatError.TrailingData),
            ("unknown-version", "version byte 3", Join(v.Header.Select((b, i) => i == 4 ? (byte)3 : b).ToArray(), v.Frames, v.Final), v.DataKey, RecordingFormatError.BadHeader),
            ("v2-envelope-edited", "version 2: the envelope's key version changed from 1 to 0", Join(Flip(v2.Header, KeyVersionLastByte(v2.Header)), v2.Frames, v2.Final), v2.DataKey, RecordingFormatError.EnvelopeMismatch),
        };
        return [.. cases.Select(c => new JsonObject
        {
            ["name"] = c.Name,
            ["tampering"] = c.What,
            ["dataKey"] = Convert.ToHexStringLower(c.Key),
            ["recording"] = Convert.ToHexStringLower(c.Recording),
            ["rejectedWith"] = c.Error.ToString(),
        })];
    }

    /// <summary>Offset of the last byte of the envelope's key version: after the bound section, the envelope length, custody and key id.</summary>
    private static int KeyVersionLastByte(byte[] header)
    {
        var boundLength = (header[5] << 8) | header[6];
        var envelope = 7 + boundLength + 2;
        var keyIdLength = (header[envelope + 1] << 8) | header[envelope + 2];
        return envelope + 1 + 2 + keyIdLength + 3;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Grid.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (Grid.sln) not found.");
    }

    private sealed record VectorCase(string Name, (long Seq, string Text)[] Chunks, int KeySeed, int SaltSeed, byte[] NoncePrefix, bool Wrapped, byte Version = RecordingHeader.Version1);

    private sealed record Computed(JsonObject Vector, byte[] DataKey, byte[] Header, List<byte[]> Frames, byte[] Final);
}
