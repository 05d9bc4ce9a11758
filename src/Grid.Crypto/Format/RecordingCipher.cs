using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Grid.Crypto.Format;

/// <summary>
/// Encrypts and decrypts the frames of one recording (format version 1). A frame is
/// <c>type (1) | counter (8, big-endian) | length (4, big-endian) | ciphertext | tag (16)</c>; its nonce is
/// <c>noncePrefix (4) | counter (7, big-endian) | final flag (1)</c> and its associated data is the header hash.
/// Not thread-safe: one instance per recording per activation.
/// </summary>
public sealed class RecordingCipher : IDisposable
{
    public const byte DataFrame = 0x00;
    public const byte FinalFrame = 0x01;
    public const int FrameOverhead = FrameHeaderLength + TagLength;
    public const long MaxCounter = (1L << 56) - 1;
    public const int MaxFramePlaintext = 16 * 1024 * 1024;

    internal const int FrameHeaderLength = 1 + 8 + 4;
    private const int TagLength = RecordingKeys.AesGcmTagLength;

    private readonly RecordingKeys keys;
    private readonly byte[] associatedData;
    private readonly byte[] noncePrefix;

    private RecordingCipher(RecordingHeader header, RecordingKeys keys)
    {
        Header = header;
        this.keys = keys;
        associatedData = header.AssociatedData;
        noncePrefix = header.NoncePrefix;
    }

    public RecordingHeader Header { get; }

    /// <summary>
    /// Opens a recording for encryption or decryption with its plaintext data key. Fails with
    /// <see cref="RecordingFormatError.KeyCommitmentMismatch"/> when the key is not the one the header commits to.
    /// </summary>
    public static RecordingCipher Open(RecordingHeader header, ReadOnlySpan<byte> dataKey)
    {
        var keys = RecordingKeys.Derive(dataKey, header.Salt);
        if (!keys.Commits(header.Commitment))
        {
            keys.Dispose();
            throw new RecordingFormatException(RecordingFormatError.KeyCommitmentMismatch, "The data key does not match the recording's key commitment.");
        }

        if (!header.EnvelopeAuthentic(dataKey))
        {
            keys.Dispose();
            throw new RecordingFormatException(RecordingFormatError.EnvelopeMismatch, "The recording's key envelope was altered (its MAC does not verify).");
        }

        return new RecordingCipher(header, keys);
    }

    /// <summary>Encrypts one data segment into a complete, newly allocated frame.</summary>
    public byte[] EncryptData(long sequence, ReadOnlySpan<byte> plaintext)
    {
        var frame = new byte[FrameOverhead + plaintext.Length];
        EncryptFrame(DataFrame, sequence, plaintext, frame);
        return frame;
    }

    /// <summary>Encrypts one data segment into <paramref name="frame"/> (exactly <see cref="FrameOverhead"/> + plaintext length bytes).</summary>
    public void EncryptData(long sequence, ReadOnlySpan<byte> plaintext, Span<byte> frame) => EncryptFrame(DataFrame, sequence, plaintext, frame);

    /// <summary>Encrypts the final segment, which lists the data segments of the recording.</summary>
    public byte[] EncryptFinal(RecordingTrailer trailer)
    {
        var plaintext = trailer.Encode();
        var frame = new byte[FrameOverhead + plaintext.Length];
        EncryptFrame(FinalFrame, trailer.FinalCounter, plaintext, frame);
        return frame;
    }

    /// <summary>Decrypts a frame's ciphertext (with its tag) given the frame's type and counter.</summary>
    public byte[] DecryptFrame(byte type, long counter, ReadOnlySpan<byte> ciphertextAndTag)
    {
        if (ciphertextAndTag.Length < TagLength)
        {
            throw new RecordingFormatException(RecordingFormatError.BadFrame, "Frame shorter than its tag.");
        }

        var plaintext = new byte[ciphertextAndTag.Length - TagLength];
        Span<byte> nonce = stackalloc byte[12];
        WriteNonce(nonce, counter, type == FinalFrame);
        try
        {
            keys.Segment.Decrypt(nonce, ciphertextAndTag[..plaintext.Length], ciphertextAndTag[plaintext.Length..], plaintext, associatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new RecordingFormatException(RecordingFormatError.SegmentAuthenticationFailed, $"Segment {counter} failed authentication.");
        }

        return plaintext;
    }

    /// <summary>Encrypts personal metadata under the recording's metadata key: <c>nonce (12) | ciphertext | tag (16)</c>.</summary>
    public byte[] EncryptMetadata(ReadOnlySpan<byte> plaintext)
    {
        var result = new byte[12 + plaintext.Length + TagLength];
        RandomNumberGenerator.Fill(result.AsSpan(0, 12));
        keys.Metadata.Encrypt(result.AsSpan(0, 12), plaintext, result.AsSpan(12, plaintext.Length), result.AsSpan(12 + plaintext.Length), associatedData);
        return result;
    }

    /// <summary>Decrypts metadata written by <see cref="EncryptMetadata"/>.</summary>
    public byte[] DecryptMetadata(ReadOnlySpan<byte> sealedMetadata)
    {
        if (sealedMetadata.Length < 12 + TagLength)
        {
            throw new RecordingFormatException(RecordingFormatError.BadFrame, "Sealed metadata is too short.");
        }

        var plaintext = new byte[sealedMetadata.Length - 12 - TagLength];
        try
        {
            keys.Metadata.Decrypt(sealedMetadata[..12], sealedMetadata.Slice(12, plaintext.Length), sealedMetadata[(12 + plaintext.Length)..], plaintext, associatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new RecordingFormatException(RecordingFormatError.SegmentAuthenticationFailed, "Metadata failed authentication.");
        }

        return plaintext;
    }

    /// <summary>A keyed MAC of a value under the metadata key (used to recognise a repeated Start).</summary>
    public byte[] MacMetadata(ReadOnlySpan<byte> plaintext) => HMACSHA256.HashData(keys.MacKey, plaintext);

    /// <summary>
    /// A 12-byte keyed tag of one chunk (HMAC-SHA256 of the big-endian sequence number and the plaintext under the
    /// recording's MAC key, truncated). Reveals nothing about the media to anyone without the data key.
    /// </summary>
    public byte[] TagChunk(long sequence, ReadOnlySpan<byte> plaintext)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, keys.MacKey);
        Span<byte> seq = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(seq, sequence);
        hmac.AppendData(seq);
        hmac.AppendData(plaintext);
        return hmac.GetHashAndReset()[..12];
    }

    public void Dispose() => keys.Dispose();

    private void EncryptFrame(byte type, long counter, ReadOnlySpan<byte> plaintext, Span<byte> frame)
    {
        if ((ulong)counter > MaxCounter)
        {
            throw new ArgumentOutOfRangeException(nameof(counter), $"A segment counter is between 0 and {MaxCounter}.");
        }

        if (plaintext.Length > MaxFramePlaintext)
        {
            throw new ArgumentOutOfRangeException(nameof(plaintext), $"A segment holds at most {MaxFramePlaintext} bytes.");
        }

        if (frame.Length != FrameHeaderLength + plaintext.Length + TagLength)
        {
            throw new ArgumentException("The frame buffer must be exactly FrameOverhead + plaintext length bytes.", nameof(frame));
        }

        frame[0] = type;
        BinaryPrimitives.WriteInt64BigEndian(frame[1..], counter);
        BinaryPrimitives.WriteInt32BigEndian(frame[9..], plaintext.Length + TagLength);
        Span<byte> nonce = stackalloc byte[12];
        WriteNonce(nonce, counter, type == FinalFrame);
        keys.Segment.Encrypt(
            nonce,
            plaintext,
            frame.Slice(FrameHeaderLength, plaintext.Length),
            frame.Slice(FrameHeaderLength + plaintext.Length, TagLength),
            associatedData);
    }

    private void WriteNonce(Span<byte> nonce, long counter, bool final)
    {
        noncePrefix.CopyTo(nonce);
        Span<byte> counterBytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counterBytes, counter);
        counterBytes[1..].CopyTo(nonce[4..11]);
        nonce[11] = final ? (byte)1 : (byte)0;
    }
}
