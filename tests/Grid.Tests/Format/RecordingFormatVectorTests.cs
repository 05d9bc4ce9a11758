using System.Text.Json;
using System.Text.Json.Nodes;
using Grid.Crypto.Format;
using Grid.Keys;

namespace Grid.Tests.Format;

/// <summary>
/// The test vectors published in docs/recording-format-v1.vectors.json: this implementation must produce exactly
/// those bytes from those inputs, and decrypt them back. Regenerate (only on a deliberate format change, with a new
/// version) by running this test with GRID_WRITE_VECTORS=1.
/// </summary>
public sealed class RecordingFormatVectorTests
{
    private static readonly string VectorPath = Path.Combine(RepositoryRoot(), "docs", "recording-format-v1.vectors.json");

    private static readonly (string Name, (long Seq, string Text)[] Chunks)[] Cases =
    [
        ("two-chunks", [(0, "hello, "), (1, "world!")]),
        ("gap-and-order", [(0, "first"), (2, "third"), (7, "eighth")]),
        ("empty", []),
    ];

    [Fact]
    public async Task The_published_test_vectors_are_reproduced_and_decrypt()
    {
        var computed = new JsonArray(Cases.Select(c => (JsonNode)Compute(c.Name, c.Chunks)).ToArray());
        if (Environment.GetEnvironmentVariable("GRID_WRITE_VECTORS") == "1")
        {
            await File.WriteAllTextAsync(VectorPath, computed.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        var published = JsonNode.Parse(await File.ReadAllTextAsync(VectorPath))!.AsArray();
        Assert.Equal(Cases.Length, published.Count);
        for (var i = 0; i < Cases.Length; i++)
        {
            Assert.Equal(computed[i]!.ToJsonString(), published[i]!.ToJsonString());
            var recording = Convert.FromHexString(published[i]!["recording"]!.GetValue<string>());
            var dataKey = Convert.FromHexString(published[i]!["dataKey"]!.GetValue<string>());
            using var stream = new MemoryStream(recording);
            var read = new List<RecordingSegment>();
            await foreach (var segment in RecordingReader.ReadAsync(stream, (_, _) => Task.FromResult(dataKey)))
            {
                read.Add(segment);
            }

            Assert.Equal(Cases[i].Chunks.Select(c => c.Seq), read.Select(r => r.Sequence));
            Assert.Equal(Cases[i].Chunks.Select(c => c.Text), read.Select(r => System.Text.Encoding.UTF8.GetString(r.Data)));
        }
    }

    private static JsonObject Compute(string name, (long Seq, string Text)[] chunks)
    {
        var dataKey = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var salt = Enumerable.Range(0x20, 32).Select(i => (byte)i).ToArray();
        using var keys = RecordingKeys.Derive(dataKey, salt);
        var header = new RecordingHeader
        {
            TenantId = "t-vectors",
            CallId = "call-" + name,
            Salt = salt,
            NoncePrefix = [0xa0, 0xa1, 0xa2, 0xa3],
            Commitment = keys.Commitment.ToArray(),
            Envelope = new WrappedKey(new KeyReference(KeyCustodyKind.Software, "software:t-vectors", 1), "A256GCM", new byte[60]),
        };
        using var cipher = RecordingCipher.Open(header, dataKey);
        var bytes = new List<byte>(header.Encode());
        foreach (var (seq, text) in chunks)
        {
            bytes.AddRange(cipher.EncryptData(seq, System.Text.Encoding.UTF8.GetBytes(text)));
        }

        bytes.AddRange(cipher.EncryptFinal(RecordingTrailer.FromSegments(chunks.Select(c => c.Seq), chunks.Sum(c => (long)System.Text.Encoding.UTF8.GetByteCount(c.Text)))));
        return new JsonObject
        {
            ["name"] = name,
            ["dataKey"] = Convert.ToHexStringLower(dataKey),
            ["salt"] = Convert.ToHexStringLower(salt),
            ["noncePrefix"] = "a0a1a2a3",
            ["associatedData"] = Convert.ToHexStringLower(header.AssociatedData),
            ["chunks"] = new JsonArray(chunks.Select(c => (JsonNode)new JsonObject { ["sequence"] = c.Seq, ["utf8"] = c.Text }).ToArray()),
            ["recording"] = Convert.ToHexStringLower(bytes.ToArray()),
        };
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
}
