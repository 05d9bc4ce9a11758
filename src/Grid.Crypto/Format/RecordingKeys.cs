using System.Security.Cryptography;
using System.Text;

namespace Grid.Crypto.Format;

/// <summary>
/// Keys derived from a recording's data key (DEK) and salt with HKDF-SHA256 (see docs/recording-format.md).
/// Holds plaintext key material: dispose it as soon as it is no longer needed.
/// </summary>
public sealed class RecordingKeys : IDisposable
{
    public const int DataKeyLength = 32;
    public const int SaltLength = 32;
    public const int CommitmentLength = 32;

    private static readonly byte[] SegmentInfo = Encoding.ASCII.GetBytes("RGRD v1 segment key");
    private static readonly byte[] MetadataInfo = Encoding.ASCII.GetBytes("RGRD v1 metadata key");
    private static readonly byte[] CommitmentInfo = Encoding.ASCII.GetBytes("RGRD v1 key commitment");
    private static readonly byte[] MacInfo = Encoding.ASCII.GetBytes("RGRD v1 metadata mac key");

    private readonly byte[] segmentKey;
    private readonly byte[] metadataKey;

    private RecordingKeys(byte[] segmentKey, byte[] metadataKey, byte[] macKey, byte[] commitment)
    {
        this.segmentKey = segmentKey;
        this.metadataKey = metadataKey;
        MacKey = macKey;
        Commitment = commitment;
        Segment = new AesGcm(segmentKey, AesGcmTagLength);
        Metadata = new AesGcm(metadataKey, AesGcmTagLength);
    }

    internal const int AesGcmTagLength = 16;

    /// <summary>AES-256-GCM keyed with the segment key.</summary>
    internal AesGcm Segment { get; }

    /// <summary>AES-256-GCM keyed with the metadata key.</summary>
    internal AesGcm Metadata { get; }

    /// <summary>HMAC-SHA256 key for recognising repeated metadata without storing it.</summary>
    internal byte[] MacKey { get; }

    /// <summary>The key commitment written in the header.</summary>
    public byte[] Commitment { get; }

    /// <summary>Derives the recording keys from a 32-byte data key and the recording's 32-byte salt.</summary>
    public static RecordingKeys Derive(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> salt)
    {
        if (dataKey.Length != DataKeyLength)
        {
            throw new ArgumentException($"A data key is {DataKeyLength} bytes.", nameof(dataKey));
        }

        if (salt.Length != SaltLength)
        {
            throw new ArgumentException($"A salt is {SaltLength} bytes.", nameof(salt));
        }

        var segment = new byte[32];
        var metadata = new byte[32];
        var mac = new byte[32];
        var commitment = new byte[CommitmentLength];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, segment, salt, SegmentInfo);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, metadata, salt, MetadataInfo);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, mac, salt, MacInfo);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, commitment, salt, CommitmentInfo);
        return new RecordingKeys(segment, metadata, mac, commitment);
    }

    /// <summary>A fresh 256-bit data key from the operating system's CSPRNG.</summary>
    public static byte[] NewDataKey() => RandomNumberGenerator.GetBytes(DataKeyLength);

    /// <summary>True when the header's commitment matches these keys (constant time).</summary>
    public bool Commits(ReadOnlySpan<byte> commitment) =>
        CryptographicOperations.FixedTimeEquals(Commitment, commitment);

    public void Dispose()
    {
        Segment.Dispose();
        Metadata.Dispose();
        CryptographicOperations.ZeroMemory(segmentKey);
        CryptographicOperations.ZeroMemory(metadataKey);
        CryptographicOperations.ZeroMemory(MacKey);
    }
}
