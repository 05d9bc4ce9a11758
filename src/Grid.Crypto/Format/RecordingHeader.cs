using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Grid.Crypto.Custody;
using Grid.Keys;

namespace Grid.Crypto.Format;

/// <summary>
/// The header of a recording (format versions 1 and 2, see docs/recording-format.md). The bound section (tenant,
/// call, salt, nonce prefix, key commitment) is hashed into the associated data of every segment; the key envelope
/// (which key wrapped the DEK, and the wrapped DEK) is outside it so that a DEK can be re-wrapped under a new key
/// version without touching the media. Version 2 (every new recording) authenticates the envelope with a MAC under
/// a key derived from the DEK, so an edited envelope is detected as such; version 1 recordings stay readable.
/// </summary>
public sealed record RecordingHeader
{
    public const byte Version1 = 1;
    public const byte Version2 = 2;
    public const int EnvelopeMacLength = 32;
    public const int NoncePrefixLength = 4;
    public static ReadOnlySpan<byte> Magic => "RGRD"u8;

    private const int MaxHeaderLength = 64 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public required string TenantId { get; init; }

    public required string CallId { get; init; }

    public required byte[] Salt { get; init; }

    public required byte[] NoncePrefix { get; init; }

    public required byte[] Commitment { get; init; }

    public required WrappedKey Envelope { get; init; }

    /// <summary>The format version (1 when built without one: the published v1 vectors).</summary>
    public byte Version { get; init; } = Version1;

    /// <summary>Version 2: HMAC-SHA256 over the associated data and the envelope's fields; null in version 1.</summary>
    public byte[]? EnvelopeMac { get; init; }

    /// <summary>SHA-256 of magic, version and the bound section: the associated data of every segment.</summary>
    public byte[] AssociatedData => SHA256.HashData(EncodeBound());

    /// <summary>Creates the header of a new recording with a fresh salt and nonce prefix.</summary>
    public static RecordingHeader Create(string tenantId, string callId, WrappedKey envelope, ReadOnlySpan<byte> dataKey)
    {
        var salt = RandomNumberGenerator.GetBytes(RecordingKeys.SaltLength);
        using var keys = RecordingKeys.Derive(dataKey, salt);
        var header = new RecordingHeader
        {
            TenantId = tenantId,
            CallId = callId,
            Salt = salt,
            NoncePrefix = RandomNumberGenerator.GetBytes(NoncePrefixLength),
            Commitment = keys.Commitment.ToArray(),
            Envelope = envelope,
            Version = Version2,
        };
        return header with { EnvelopeMac = header.ComputeEnvelopeMac(dataKey) };
    }

    /// <summary>The same header with another envelope (a re-wrap); in version 2 its MAC is computed anew.</summary>
    public RecordingHeader WithEnvelope(WrappedKey envelope, ReadOnlySpan<byte> dataKey)
    {
        var header = this with { Envelope = envelope, EnvelopeMac = null };
        return Version >= Version2 ? header with { EnvelopeMac = header.ComputeEnvelopeMac(dataKey) } : header;
    }

    /// <summary>
    /// The version 2 envelope MAC: HMAC-SHA256 with the key HKDF-SHA256(DEK, salt, "RGRD v2 envelope mac") over the
    /// associated data followed by the envelope's fields (everything of the envelope but the MAC).
    /// </summary>
    public byte[] ComputeEnvelopeMac(ReadOnlySpan<byte> dataKey)
    {
        Span<byte> key = stackalloc byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, key, Salt, "RGRD v2 envelope mac"u8);
        try
        {
            return HMACSHA256.HashData(key, [.. AssociatedData, .. EncodeEnvelopeFields()]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>True for a version 1 header, or when the version 2 envelope MAC verifies under <paramref name="dataKey"/>.</summary>
    public bool EnvelopeAuthentic(ReadOnlySpan<byte> dataKey) =>
        Version < Version2 || (EnvelopeMac is { Length: EnvelopeMacLength } mac && CryptographicOperations.FixedTimeEquals(mac, ComputeEnvelopeMac(dataKey)));

    /// <summary>
    /// True for the custody/algorithm pairs the format defines (docs/recording-format.md, "Unwrapping the data key"):
    /// software with <c>A256GCM</c>, PKCS#11 with <c>CKM_AES_GCM</c>, Azure Key Vault with <c>RSA-OAEP-256</c> or
    /// <c>A256KW</c>. A header naming any other pair is refused (<see cref="RecordingFormatError.BadHeader"/>) before
    /// any unwrap is attempted.
    /// </summary>
    public static bool IsDefinedKeyWrap(KeyCustodyKind custody, string algorithm) => (custody, algorithm) switch
    {
        (KeyCustodyKind.Software, SoftwareKeyCustody.Algorithm) => true,
        (KeyCustodyKind.Pkcs11, Pkcs11KeyCustody.Algorithm) => true,
        (KeyCustodyKind.AzureKeyVault, AzureKeyVaultKeyCustody.RsaOaep256 or AzureKeyVaultKeyCustody.A256KW) => true,
        _ => false,
    };

    /// <summary>The header's bytes as stored at the start of the recording.</summary>
    public byte[] Encode()
    {
        var bound = EncodeBound();
        var envelope = EncodeEnvelope();
        var result = new byte[bound.Length + 2 + envelope.Length];
        bound.CopyTo(result, 0);
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(bound.Length), checked((ushort)envelope.Length));
        envelope.CopyTo(result, bound.Length + 2);
        return result;
    }

    /// <summary>Reads a header from the start of a recording stream.</summary>
    public static async Task<RecordingHeader> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var prefix = new byte[7];
        await StreamReading.ReadExactlyOrThrowAsync(stream, prefix, RecordingFormatError.BadHeader, cancellationToken);
        if (!prefix.AsSpan(0, 4).SequenceEqual(Magic))
        {
            throw new RecordingFormatException(RecordingFormatError.BadHeader, "Not a Recording Grid recording (bad magic).");
        }

        if (prefix[4] is not (Version1 or Version2))
        {
            throw new RecordingFormatException(RecordingFormatError.BadHeader, $"Unsupported format version {prefix[4]}.");
        }

        var boundLength = BinaryPrimitives.ReadUInt16BigEndian(prefix.AsSpan(5));
        var bound = new byte[boundLength];
        await StreamReading.ReadExactlyOrThrowAsync(stream, bound, RecordingFormatError.BadHeader, cancellationToken);
        var envelopeLengthBytes = new byte[2];
        await StreamReading.ReadExactlyOrThrowAsync(stream, envelopeLengthBytes, RecordingFormatError.BadHeader, cancellationToken);
        var envelope = new byte[BinaryPrimitives.ReadUInt16BigEndian(envelopeLengthBytes)];
        await StreamReading.ReadExactlyOrThrowAsync(stream, envelope, RecordingFormatError.BadHeader, cancellationToken);
        return Decode(prefix[4], bound, envelope);
    }

    /// <summary>Parses a header from a buffer that holds at least the whole header; returns it and its length.</summary>
    public static (RecordingHeader Header, int Length) Decode(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < 7 || !buffer[..4].SequenceEqual(Magic) || buffer[4] is not (Version1 or Version2))
        {
            throw new RecordingFormatException(RecordingFormatError.BadHeader, "Not a version 1 or 2 Recording Grid header.");
        }

        var boundLength = BinaryPrimitives.ReadUInt16BigEndian(buffer[5..]);
        var at = 7 + boundLength;
        if (buffer.Length < at + 2)
        {
            throw new RecordingFormatException(RecordingFormatError.BadHeader, "Header is truncated.");
        }

        var envelopeLength = BinaryPrimitives.ReadUInt16BigEndian(buffer[at..]);
        if (buffer.Length < at + 2 + envelopeLength)
        {
            throw new RecordingFormatException(RecordingFormatError.BadHeader, "Header is truncated.");
        }

        var header = Decode(buffer[4], buffer.Slice(7, boundLength), buffer.Slice(at + 2, envelopeLength));
        return (header, at + 2 + envelopeLength);
    }

    private static RecordingHeader Decode(byte version, ReadOnlySpan<byte> bound, ReadOnlySpan<byte> envelope)
    {
        var reader = new SpanReader(bound);
        var tenant = reader.ReadAscii8();
        var call = reader.ReadAscii8();
        if (!GridIds.IsValidTenantId(tenant) || !GridIds.IsValidCallId(call))
        {
            // The ids follow the Grid's rules; in particular neither holds '/', so the unwrap context
            // "{tenantId}/{callId}" names exactly one pair.
            throw new RecordingFormatException(RecordingFormatError.BadHeader, "The header's tenant or call id breaks the Grid's id rules.");
        }

        var salt = reader.ReadBytes(RecordingKeys.SaltLength);
        var prefix = reader.ReadBytes(NoncePrefixLength);
        var commitment = reader.ReadBytes(RecordingKeys.CommitmentLength);
        reader.ExpectEnd();

        var env = new SpanReader(envelope);
        var custody = (KeyCustodyKind)env.ReadByte();
        var keyId = env.ReadUtf8_16();
        var keyVersion = (int)env.ReadUInt32();
        var algorithm = env.ReadAscii8();
        var wrapped = env.ReadBytes(env.ReadUInt16());
        var mac = version >= Version2 ? env.ReadBytes(EnvelopeMacLength) : null;
        env.ExpectEnd();
        if (!IsDefinedKeyWrap(custody, algorithm))
        {
            throw new RecordingFormatException(RecordingFormatError.BadHeader, $"The key envelope names custody {(int)custody} with algorithm '{algorithm}', a pair the format does not define.");
        }

        return new RecordingHeader
        {
            TenantId = tenant,
            CallId = call,
            Salt = salt,
            NoncePrefix = prefix,
            Commitment = commitment,
            Envelope = new WrappedKey(new KeyReference(custody, keyId, keyVersion), algorithm, wrapped),
            Version = version,
            EnvelopeMac = mac,
        };
    }

    private byte[] EncodeBound()
    {
        var tenant = Encoding.ASCII.GetBytes(TenantId);
        var call = Encoding.ASCII.GetBytes(CallId);
        var boundLength = 1 + tenant.Length + 1 + call.Length + Salt.Length + NoncePrefix.Length + Commitment.Length;
        var result = new byte[7 + boundLength];
        Magic.CopyTo(result);
        result[4] = Version;
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(5), checked((ushort)boundLength));
        var at = 7;
        result[at++] = checked((byte)tenant.Length);
        tenant.CopyTo(result, at);
        at += tenant.Length;
        result[at++] = checked((byte)call.Length);
        call.CopyTo(result, at);
        at += call.Length;
        Salt.CopyTo(result, at);
        at += Salt.Length;
        NoncePrefix.CopyTo(result, at);
        at += NoncePrefix.Length;
        Commitment.CopyTo(result, at);
        return result;
    }

    private byte[] EncodeEnvelope()
    {
        var fields = EncodeEnvelopeFields();
        if (Version < Version2)
        {
            return fields;
        }

        if (EnvelopeMac is not { Length: EnvelopeMacLength } mac)
        {
            throw new InvalidOperationException("A version 2 header needs its envelope MAC (create it with Create or WithEnvelope).");
        }

        return [.. fields, .. mac];
    }

    private byte[] EncodeEnvelopeFields()
    {
        var keyId = Encoding.UTF8.GetBytes(Envelope.Key.KeyId);
        var algorithm = Encoding.ASCII.GetBytes(Envelope.Algorithm);
        var wrapped = Envelope.Ciphertext;
        var result = new byte[1 + 2 + keyId.Length + 4 + 1 + algorithm.Length + 2 + wrapped.Length];
        var at = 0;
        result[at++] = (byte)Envelope.Key.Custody;
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(at), checked((ushort)keyId.Length));
        at += 2;
        keyId.CopyTo(result, at);
        at += keyId.Length;
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(at), unchecked((uint)Envelope.Key.Version));
        at += 4;
        result[at++] = checked((byte)algorithm.Length);
        algorithm.CopyTo(result, at);
        at += algorithm.Length;
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(at), checked((ushort)wrapped.Length));
        at += 2;
        wrapped.CopyTo(result, at);
        if (result.Length > MaxHeaderLength)
        {
            throw new InvalidOperationException("Header too large.");
        }

        return result;
    }

    private ref struct SpanReader(ReadOnlySpan<byte> span)
    {
        private ReadOnlySpan<byte> rest = span;

        public byte ReadByte() => Take(1)[0];

        public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

        public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

        public byte[] ReadBytes(int count) => Take(count).ToArray();

        public string ReadAscii8() => Encoding.ASCII.GetString(Take(ReadByte()));

        public string ReadUtf8_16()
        {
            var bytes = Take(ReadUInt16());
            try
            {
                return StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw new RecordingFormatException(RecordingFormatError.BadHeader, "The key id is not UTF-8.");
            }
        }

        public readonly void ExpectEnd()
        {
            if (!rest.IsEmpty)
            {
                throw new RecordingFormatException(RecordingFormatError.BadHeader, "Header has unexpected trailing bytes.");
            }
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (rest.Length < count)
            {
                throw new RecordingFormatException(RecordingFormatError.BadHeader, "Header is truncated.");
            }

            var result = rest[..count];
            rest = rest[count..];
            return result;
        }
    }
}
