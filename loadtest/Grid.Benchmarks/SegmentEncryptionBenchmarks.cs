using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Grid.Crypto.Format;
using Grid.Keys;

namespace Grid.Benchmarks;

/// <summary>
/// The recording format's segment encryption against raw AES-256-GCM on the same buffers (the baseline): the
/// format adds a frame header, a nonce derivation and one allocation per segment. Target: ≥ 0.9 of raw at 16 KiB+.
/// </summary>
[MemoryDiagnoser]
public class SegmentEncryptionBenchmarks
{
    private byte[] plaintext = [];
    private byte[] ciphertext = [];
    private byte[] frame = [];
    private byte[] tag = new byte[16];
    private byte[] nonce = new byte[12];
    private byte[] associatedData = new byte[32];
    private AesGcm raw = null!;
    private RecordingCipher cipher = null!;
    private long sequence;

    [Params(1024, 16 * 1024, 64 * 1024)]
    public int SegmentBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        plaintext = RandomNumberGenerator.GetBytes(SegmentBytes);
        ciphertext = new byte[SegmentBytes];
        frame = new byte[SegmentBytes + RecordingCipher.FrameOverhead];
        var key = RandomNumberGenerator.GetBytes(32);
        raw = new AesGcm(key, 16);
        RandomNumberGenerator.Fill(associatedData);
        var header = RecordingHeader.Create("t-bench", "call-1", new WrappedKey(new KeyReference(KeyCustodyKind.Software, "software:t-bench", 1), "A256GCM", new byte[60]), key);
        cipher = RecordingCipher.Open(header, key);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        raw.Dispose();
        cipher.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw AesGcm")]
    public byte[] RawAesGcm()
    {
        nonce[11]++;
        raw.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        return ciphertext;
    }

    [Benchmark(Description = "RGRD v1 frame, same buffers")]
    public byte[] FormatFrameIntoBuffer()
    {
        cipher.EncryptData(sequence++ & 0xFFFFFF, plaintext, frame);
        return frame;
    }

    [Benchmark(Description = "RGRD v1 frame, allocated (grain path)")]
    public byte[] FormatFrameAllocated() => cipher.EncryptData(sequence++ & 0xFFFFFF, plaintext);
}
