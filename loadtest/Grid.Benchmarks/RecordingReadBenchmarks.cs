using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Grid.Crypto.Format;
using Grid.Keys;

namespace Grid.Benchmarks;

/// <summary>Parsing and authenticating a whole recording (header, frames, final frame) from a stream.</summary>
[MemoryDiagnoser]
public class RecordingReadBenchmarks
{
    private byte[] recording = [];
    private byte[] dataKey = [];

    [Params(100)]
    public int Segments { get; set; }

    [Params(16 * 1024)]
    public int SegmentBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        dataKey = RandomNumberGenerator.GetBytes(32);
        var header = RecordingHeader.Create("t-bench", "call-1", new WrappedKey(new KeyReference(KeyCustodyKind.Software, "software:t-bench", 1), "A256GCM", new byte[60]), dataKey);
        using var cipher = RecordingCipher.Open(header, dataKey);
        using var stream = new MemoryStream();
        stream.Write(header.Encode());
        var chunk = RandomNumberGenerator.GetBytes(SegmentBytes);
        for (var i = 0; i < Segments; i++)
        {
            stream.Write(cipher.EncryptData(i, chunk));
        }

        stream.Write(cipher.EncryptFinal(RecordingTrailer.FromSegments(Enumerable.Range(0, Segments).Select(i => (long)i), (long)Segments * SegmentBytes)));
        recording = stream.ToArray();
    }

    [Benchmark(Description = "read + authenticate recording")]
    public async Task<long> ReadAsync()
    {
        long total = 0;
        using var stream = new MemoryStream(recording, writable: false);
        await foreach (var segment in RecordingReader.ReadAsync(stream, (_, _) => Task.FromResult(dataKey.ToArray())))
        {
            total += segment.Data.Length;
        }

        return total;
    }
}
