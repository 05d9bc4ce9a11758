using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grid.Crypto.Format;
using Grid.Keys;

namespace Grid.Tests.Format;

/// <summary>
/// The test vectors published with docs/recording-format.md (version 1) and docs/recording-format-v2.md (version 2):
/// each version's vectors file (must be produced exactly, unwrap with the published test KEK and decrypt) and its
/// negative vectors file (each must be rejected with exactly the stated reason). Regenerate (only on a deliberate
/// format change, with a new version, or when adding vectors) with GRID_WRITE_VECTORS=1.
/// </summary>
public sealed class RecordingFormatVectorTests
{
    private const string Tenant = "t-vectors";
    private const int TwoChunksMediaBytes = 13;

    private static readonly WrapSpec KeyVaultRsa = new(
        KeyCustodyKind.AzureKeyVault, "https://grid-vectors.vault.azure.net/keys/grid-t-vectors/0123456789abcdef0123456789abcdef", 1, "RSA-OAEP-256", SpecKeyWrap.RsaKekPkcs8, SpecKeyWrap.Sequence(0xc0, 32));

    private static readonly WrapSpec ManagedHsmKw = new(
        KeyCustodyKind.AzureKeyVault, "https://grid-vectors.managedhsm.azure.net/keys/grid-t-vectors/fedcba9876543210fedcba9876543210", 1, "A256KW", SpecKeyWrap.KeyWrapKek, []);

    private static readonly VectorCase[] V1Cases =
    [
        new("two-chunks", "two data frames, counters 0 and 1", [(0, "hello, "), (1, "world!")], 0x00, 0x20, [0xa0, 0xa1, 0xa2, 0xa3], Software(0xb0), RecordingHeader.Version1),
        new("gap-and-order", "data counters 0, 2 and 7: gaps are allowed, the final frame lists three ranges and has counter 8", [(0, "first"), (2, "third"), (7, "eighth")], 0x01, 0x21, [0xb0, 0xb1, 0xb2, 0xb3], Software(0xb1), RecordingHeader.Version1),
        new("empty", "no data frame: the header and a final frame with counter 0 and an empty list", [], 0x02, 0x22, [0xc0, 0xc1, 0xc2, 0xc3], Software(0xb2), RecordingHeader.Version1),
        new("block-sized-chunk", "the second chunk is exactly one AES block (16 bytes)", [(0, "wrapped "), (1, "under a test KEK")], 0x03, 0x23, [0xd0, 0xd1, 0xd2, 0xd3], Software(0xb3), RecordingHeader.Version1),
        new("counters-from-five", "data counters start at 5 (the chunks before never arrived)", [(5, "five"), (6, "six")], 0x04, 0x24, [0xe0, 0xe1, 0xe2, 0xe3], Software(0xb4), RecordingHeader.Version1),
    ];

    private static readonly VectorCase[] V2Cases =
    [
        new("software-a256gcm", "custody 0 (software), A256GCM", [(0, "version 2: "), (1, "the envelope has a MAC")], 0x05, 0x25, [0x10, 0x20, 0x30, 0x40], Software(0xb5), RecordingHeader.Version2),
        new("pkcs11-ckm-aes-gcm", "custody 1 (PKCS#11 HSM), CKM_AES_GCM, key version 2 (token object grid/t-vectors/v2)", [(0, "wrapped in "), (1, "an HSM")], 0x06, 0x26, [0x11, 0x21, 0x31, 0x41], new WrapSpec(KeyCustodyKind.Pkcs11, "pkcs11:grid/t-vectors", 2, "CKM_AES_GCM", SpecKeyWrap.Pkcs11Kek, SpecKeyWrap.Sequence(0xb6, 12)), RecordingHeader.Version2),
        new("key-vault-rsa-oaep-256", "custody 2 (Azure Key Vault, RSA-HSM 3072), RSA-OAEP-256", [(0, "wrapped in "), (1, "a vault")], 0x07, 0x27, [0x12, 0x22, 0x32, 0x42], KeyVaultRsa, RecordingHeader.Version2),
        new("managed-hsm-a256kw", "custody 2 (Azure Managed HSM, oct-HSM AES-256), A256KW", [(0, "wrapped in "), (1, "a managed HSM")], 0x08, 0x28, [0x13, 0x23, 0x33, 0x43], ManagedHsmKw, RecordingHeader.Version2),
    ];

    /// <summary>Not a published vector: an authentic recording whose call id holds '/', which a reader refuses.</summary>
    private static readonly VectorCase SlashCase =
        new("call-id-with-slash", "", [(0, "hello, "), (1, "world!")], 0x09, 0x29, [0xf0, 0xf1, 0xf2, 0xf3], Software(0xb9), RecordingHeader.Version1, "call/slash");

    private static readonly FormatVersion[] Versions =
    [
        new("recording-format-v1.vectors.json", "recording-format-v1.negative-vectors.json", V1Cases, V1Negatives),
        new("recording-format-v2.vectors.json", "recording-format-v2.negative-vectors.json", V2Cases, V2Negatives),
    ];

    [Fact]
    public async Task The_published_test_vectors_are_reproduced_and_decrypt()
    {
        foreach (var version in Versions)
        {
            var computed = version.Cases.Select(Compute).ToList();
            if (Environment.GetEnvironmentVariable("GRID_WRITE_VECTORS") == "1")
            {
                await WriteAsync(version.VectorFile, computed.Select(c => c.Vector));
                await WriteAsync(version.NegativeFile, version.Negatives(computed).Select(n => n.ToJson()));
            }

            var published = JsonNode.Parse(await File.ReadAllTextAsync(DocPath(version.VectorFile)))!.AsArray();
            Assert.Equal(version.Cases.Length, published.Count);
            for (var i = 0; i < version.Cases.Length; i++)
            {
                Assert.Equal(computed[i].Vector.ToJsonString(), published[i]!.ToJsonString());
                var vector = published[i]!;
                var recording = Convert.FromHexString(vector["recording"]!.GetValue<string>());
                var dataKey = Convert.FromHexString(vector["dataKey"]!.GetValue<string>());
                var kek = Convert.FromHexString(vector["kek"]!.GetValue<string>());

                // A customer holding only the KEK: unwrap the envelope's data key as the spec says, then decrypt.
                var header = RecordingHeader.Decode(recording).Header;
                Assert.Equal(version.Cases[i].Version, header.Version);
                Assert.Equal(dataKey, SpecKeyWrap.Unwrap(header, kek));
                foreach (var read in new[] { await ReadAllAsync(recording, null, kek), await ReadAllAsync(recording, dataKey, null) })
                {
                    Assert.Equal(version.Cases[i].Chunks.Select(c => c.Seq), read.Select(r => r.Sequence));
                    Assert.Equal(version.Cases[i].Chunks.Select(c => c.Text), read.Select(r => Encoding.UTF8.GetString(r.Data)));
                }
            }

            // Every vector of a file has its own data key, salt and nonce prefix, and so has every vector across files.
            Assert.Equal(published.Count, published.Select(v => v!["dataKey"]!.GetValue<string>()).Distinct().Count());
            Assert.Equal(published.Count, published.Select(v => v!["salt"]!.GetValue<string>()).Distinct().Count());
            Assert.Equal(published.Count, published.Select(v => v!["noncePrefix"]!.GetValue<string>()).Distinct().Count());
        }

        var all = Versions.SelectMany(v => v.Cases).Append(SlashCase).ToList();
        Assert.Equal(all.Count, all.Select(c => c.KeySeed).Distinct().Count());
        Assert.Equal(all.Count, all.Select(c => c.SaltSeed).Distinct().Count());
        Assert.Equal(all.Count, all.Select(c => Convert.ToHexString(c.NoncePrefix)).Distinct().Count());
    }

    [Fact]
    public async Task Every_published_negative_vector_is_rejected_for_its_stated_reason()
    {
        var reasons = new HashSet<RecordingFormatError>();
        foreach (var version in Versions)
        {
            var computed = version.Cases.Select(Compute).ToList();
            var published = JsonNode.Parse(await File.ReadAllTextAsync(DocPath(version.NegativeFile)))!.AsArray();
            Assert.Equal(version.Negatives(computed).Select(e => e.ToJson().ToJsonString()), published.Select(p => p!.ToJsonString()));
            foreach (var vector in published)
            {
                var name = vector!["name"]!.GetValue<string>();
                Assert.True(vector["tampers"] is null || version.Cases.Any(c => c.Name == vector["tampers"]!.GetValue<string>()), $"{name} names a vector of its own file");
                Assert.True((vector["dataKey"] is null) != (vector["kek"] is null), $"{name} gives either a data key or a KEK");
                var recording = Convert.FromHexString(vector["recording"]!.GetValue<string>());
                var dataKey = vector["dataKey"] is { } d ? Convert.FromHexString(d.GetValue<string>()) : null;
                var kek = vector["kek"] is { } k ? Convert.FromHexString(k.GetValue<string>()) : null;
                var error = await Assert.ThrowsAsync<RecordingFormatException>(() => ReadAllAsync(recording, dataKey, kek));
                Assert.True(vector["rejectedWith"]!.GetValue<string>() == error.Error.ToString(), $"{name}: {error.Error}");
                reasons.Add(error.Error);
            }
        }

        // Every reason a reader can give has at least one negative vector.
        Assert.Equal(Enum.GetValues<RecordingFormatError>().Order(), reasons.Order());
    }

    /// <summary>Reads with the data key given, or (when <paramref name="dataKey"/> is null) by unwrapping with the KEK.</summary>
    private static async Task<List<RecordingSegment>> ReadAllAsync(byte[] recording, byte[]? dataKey, byte[]? kek)
    {
        using var stream = new MemoryStream(recording);
        var read = new List<RecordingSegment>();
        await foreach (var segment in RecordingReader.ReadAsync(stream, (header, _) => Task.FromResult(dataKey?.ToArray() ?? SpecKeyWrap.Unwrap(header, kek!))))
        {
            read.Add(segment);
        }

        return read;
    }

    private static WrapSpec Software(int ivSeed) =>
        new(KeyCustodyKind.Software, "software:t-vectors", 1, "A256GCM", SpecKeyWrap.SoftwareKek, SpecKeyWrap.Sequence(ivSeed, 12));

    private static byte[] WrapDataKey(WrapSpec wrap, byte[] dataKey, string callId) => wrap.Algorithm switch
    {
        "A256GCM" or "CKM_AES_GCM" => SpecKeyWrap.GcmWrap(wrap.Kek, wrap.Seed, dataKey, SpecKeyWrap.Context(Tenant, callId)),
        "RSA-OAEP-256" => SpecKeyWrap.RsaOaep256Wrap(wrap.Kek, wrap.Seed, dataKey),
        _ => SpecKeyWrap.AesKeyWrap(wrap.Kek, dataKey),
    };

    private static byte[] Derive(byte[] dataKey, byte[] salt, string info) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, 32, salt, Encoding.ASCII.GetBytes(info));

    private static Computed Compute(VectorCase c)
    {
        var dataKey = SpecKeyWrap.Sequence(c.KeySeed, 32);
        var salt = SpecKeyWrap.Sequence(c.SaltSeed, 32);
        var envelope = new WrappedKey(new KeyReference(c.Wrap.Custody, c.Wrap.KeyId, c.Wrap.KeyVersion), c.Wrap.Algorithm, WrapDataKey(c.Wrap, dataKey, c.Call));
        var header = new RecordingHeader
        {
            TenantId = Tenant,
            CallId = c.Call,
            Salt = salt,
            NoncePrefix = c.NoncePrefix,
            Commitment = Derive(dataKey, salt, "RGRD v1 key commitment"),
            Envelope = envelope,
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
            ["description"] = c.Description,
            ["dataKey"] = Hex(dataKey),
            ["kek"] = Hex(c.Wrap.Kek),
            ["salt"] = Hex(salt),
            ["noncePrefix"] = Hex(c.NoncePrefix),
            ["segmentKey"] = Hex(Derive(dataKey, salt, "RGRD v1 segment key")),
            ["associatedData"] = Hex(SHA256.HashData(headerBytes.AsSpan(0, 7 + BinaryPrimitives.ReadUInt16BigEndian(headerBytes.AsSpan(5))))),
        };
        if (c.Version >= RecordingHeader.Version2)
        {
            vector["envelopeMacKey"] = Hex(Derive(dataKey, salt, "RGRD v2 envelope mac"));
        }

        vector["chunks"] = new JsonArray(c.Chunks.Select(x => (JsonNode)new JsonObject { ["sequence"] = x.Seq, ["utf8"] = x.Text }).ToArray());
        vector["recording"] = Hex([.. headerBytes, .. frames.SelectMany(f => f), .. final]);
        return new Computed(c, vector, dataKey, header, headerBytes, frames, final);
    }

    /// <summary>Tamperings of the version 1 vectors (and one recording built wrongly), each with the reason a reader must give.</summary>
    private static List<NegativeCase> V1Negatives(IReadOnlyList<Computed> vectors)
    {
        var v = vectors.Single(x => x.Case.Name == "two-chunks");
        var gap = vectors.Single(x => x.Case.Name == "gap-and-order");
        var empty = vectors.Single(x => x.Case.Name == "empty");
        var slash = Compute(SlashCase);
        var layout = EnvelopeLayout.Of(v.HeaderBytes);
        var otherKey = v.DataKey.Select(b => (byte)(b ^ 0xff)).ToArray();
        var saltAt = 4 + 1 + 2 + 1 + Tenant.Length + 1 + "call-two-chunks".Length;
        var kek = SpecKeyWrap.SoftwareKek;
        var context = SpecKeyWrap.Context(Tenant, v.Case.Call);
        byte[] Frames(byte[] header, params byte[][] frames) => Join(header, frames, v.Final);

        return
        [
            new("bit-flipped-in-a-frame", "two-chunks", "one bit of the first data frame's ciphertext flipped", Frames(v.HeaderBytes, Flip(v.Frames[0], 13), v.Frames[1]), v.DataKey, null, RecordingFormatError.SegmentAuthenticationFailed),
            new("bit-flipped-in-the-salt", "two-chunks", "one bit of the header's salt flipped", Join(Flip(v.HeaderBytes, saltAt), v.Frames, v.Final), v.DataKey, null, RecordingFormatError.KeyCommitmentMismatch),
            new("wrong-data-key", "two-chunks", "the right recording read with another data key", Join(v.HeaderBytes, v.Frames, v.Final), otherKey, null, RecordingFormatError.KeyCommitmentMismatch),
            new("frames-swapped", "two-chunks", "the two data frames in reverse order", Frames(v.HeaderBytes, v.Frames[1], v.Frames[0]), v.DataKey, null, RecordingFormatError.SegmentOrder),
            new("frame-duplicated", "two-chunks", "the first data frame twice", Frames(v.HeaderBytes, v.Frames[0], v.Frames[0], v.Frames[1]), v.DataKey, null, RecordingFormatError.SegmentOrder),
            new("frame-dropped", "two-chunks", "the second data frame removed", Frames(v.HeaderBytes, v.Frames[0]), v.DataKey, null, RecordingFormatError.SegmentSetMismatch),
            new("final-frame-removed", "two-chunks", "cut before the final frame", Join(v.HeaderBytes, v.Frames, null), v.DataKey, null, RecordingFormatError.Truncated),
            new("cut-inside-a-frame", "two-chunks", "cut in the middle of the final frame", Join(v.HeaderBytes, v.Frames, v.Final)[..^5], v.DataKey, null, RecordingFormatError.Truncated),
            new("bytes-appended", "two-chunks", "one byte after the final frame", [.. Join(v.HeaderBytes, v.Frames, v.Final), 0x00], v.DataKey, null, RecordingFormatError.TrailingData),
            new("unknown-version", "two-chunks", "version byte 3", Join(Edit(v.HeaderBytes, 4, 3), v.Frames, v.Final), v.DataKey, null, RecordingFormatError.BadHeader),
            new("cut-inside-the-header", "two-chunks", "the first 40 bytes only: the file ends inside the bound section", v.HeaderBytes[..40], v.DataKey, null, RecordingFormatError.BadHeader),
            new("header-only", "empty", "the header alone: the file ends where the final frame should start", empty.HeaderBytes, empty.DataKey, null, RecordingFormatError.Truncated),
            new("unknown-frame-type", "two-chunks", "the first data frame's type byte set to 02", Frames(v.HeaderBytes, Edit(v.Frames[0], 0, 0x02), v.Frames[1]), v.DataKey, null, RecordingFormatError.BadFrame),
            new("counter-of-2^56-or-more", "two-chunks", "the second data frame's counter set to 2^56 + 1 (its low 7 bytes, hence its nonce, unchanged)", Frames(v.HeaderBytes, v.Frames[0], Edit(v.Frames[1], 1, 0x01)), v.DataKey, null, RecordingFormatError.BadFrame),
            new("length-below-16", "two-chunks", "the first data frame's length field set to 15", Frames(v.HeaderBytes, WithLength(v.Frames[0], 15), v.Frames[1]), v.DataKey, null, RecordingFormatError.BadFrame),
            new("length-above-limit", "two-chunks", "the first data frame's length field set to 16 MiB + 17", Frames(v.HeaderBytes, WithLength(v.Frames[0], RecordingCipher.MaxFramePlaintext + 17), v.Frames[1]), v.DataKey, null, RecordingFormatError.BadFrame),
            new("final-counter-not-last-plus-one", "two-chunks", "an authentic final frame with counter 3 (last data counter + 2) and the right list", Join(v.HeaderBytes, v.Frames, Seal(v, RecordingCipher.FinalFrame, 3, Trailer(2, TwoChunksMediaBytes, 1, (0, 1)))), v.DataKey, null, RecordingFormatError.SegmentSetMismatch),
            new("final-ranges-not-merged", "two-chunks", "an authentic final frame listing [0,0] and [1,1] instead of [0,1]", Join(v.HeaderBytes, v.Frames, Seal(v, RecordingCipher.FinalFrame, 2, Trailer(2, TwoChunksMediaBytes, 2, (0, 0), (1, 1)))), v.DataKey, null, RecordingFormatError.SegmentSetMismatch),
            new("final-list-malformed", "two-chunks", "an authentic final frame whose rangeCount says 2 but which holds one range", Join(v.HeaderBytes, v.Frames, Seal(v, RecordingCipher.FinalFrame, 2, Trailer(2, TwoChunksMediaBytes, 2, (0, 1)))), v.DataKey, null, RecordingFormatError.BadFrame),
            new("wrapped-key-bit-flipped", "two-chunks", "one bit of the wrapped data key's ciphertext flipped (read with the KEK)", Join(Flip(v.HeaderBytes, layout.WrappedAt + 12), v.Frames, v.Final), null, kek, RecordingFormatError.UnwrapFailed),
            new("envelope-of-another-recording", "two-chunks", "the envelope of gap-and-order (its DEK, wrapped for call-gap-and-order) in place of this one's", Join(WithEnvelope(v, gap.Header.Envelope), v.Frames, v.Final), null, kek, RecordingFormatError.UnwrapFailed),
            new("wrapped-key-not-32-bytes", "two-chunks", "a valid A256GCM wrap, under the right KEK and context, of the DEK's first 31 bytes", Join(WithEnvelope(v, v.Header.Envelope with { Ciphertext = SpecKeyWrap.GcmWrap(kek, SpecKeyWrap.Sequence(0xba, 12), v.DataKey[..31], context) }), v.Frames, v.Final), null, kek, RecordingFormatError.UnwrapFailed),
            new("custody-changed", "two-chunks", "custody 0 changed to 1 (PKCS#11 with A256GCM: a pair the format does not define)", Join(Edit(v.HeaderBytes, layout.Start, 1), v.Frames, v.Final), null, kek, RecordingFormatError.BadHeader),
            new("algorithm-changed", "two-chunks", "algorithm A256GCM changed to A256KW (software with A256KW: a pair the format does not define)", Join(WithEnvelope(v, v.Header.Envelope with { Algorithm = "A256KW" }), v.Frames, v.Final), null, kek, RecordingFormatError.BadHeader),
            new("key-id-not-utf8", "two-chunks", "the key id's first byte set to ff (not UTF-8)", Join(Edit(v.HeaderBytes, layout.KeyIdAt, 0xff), v.Frames, v.Final), null, kek, RecordingFormatError.BadHeader),
            new("call-id-with-slash", null, "an authentic recording (frames, commitment and wrap all valid) whose call id is 'call/slash'", Join(slash.HeaderBytes, slash.Frames, slash.Final), null, kek, RecordingFormatError.BadHeader),
        ];
    }

    /// <summary>Tamperings of the version 2 vectors: the envelope and its MAC, each read with the KEK.</summary>
    private static List<NegativeCase> V2Negatives(IReadOnlyList<Computed> vectors)
    {
        var software = vectors.Single(x => x.Case.Name == "software-a256gcm");
        var pkcs11 = vectors.Single(x => x.Case.Name == "pkcs11-ckm-aes-gcm");
        var rsa = vectors.Single(x => x.Case.Name == "key-vault-rsa-oaep-256");
        var kw = vectors.Single(x => x.Case.Name == "managed-hsm-a256kw");
        NegativeCase Tamper(string name, Computed v, string what, byte[] header, RecordingFormatError error) =>
            new(name, v.Case.Name, what, Join(header, v.Frames, v.Final), null, v.Case.Wrap.Kek, error);
        var sw = EnvelopeLayout.Of(software.HeaderBytes);
        var p11 = EnvelopeLayout.Of(pkcs11.HeaderBytes);
        var rs = EnvelopeLayout.Of(rsa.HeaderBytes);
        var aw = EnvelopeLayout.Of(kw.HeaderBytes);
        var envelopeLength = BinaryPrimitives.ReadUInt16BigEndian(software.HeaderBytes.AsSpan(sw.LengthAt));
        var longer = software.HeaderBytes.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(longer.AsSpan(sw.LengthAt), (ushort)(envelopeLength + 1));

        return
        [
            Tamper("key-version-edited", software, "the envelope's key version changed from 1 to 0 (the unwrap does not use it, the MAC covers it)", Edit(software.HeaderBytes, sw.KeyVersionAt + 3, 0), RecordingFormatError.EnvelopeMismatch),
            Tamper("key-id-edited", pkcs11, "the key id's last byte changed ('pkcs11:grid/t-vectors' to 'pkcs11:grid/t-vectorz')", Edit(pkcs11.HeaderBytes, p11.KeyIdAt + p11.KeyIdLength - 1, (byte)'z'), RecordingFormatError.EnvelopeMismatch),
            Tamper("envelope-mac-flipped", rsa, "one bit of the envelope MAC flipped", Flip(rsa.HeaderBytes, rs.MacAt), RecordingFormatError.EnvelopeMismatch),
            Tamper("gcm-wrapped-key-bit-flipped", pkcs11, "one bit of the CKM_AES_GCM wrapped key's ciphertext flipped", Flip(pkcs11.HeaderBytes, p11.WrappedAt + 12), RecordingFormatError.UnwrapFailed),
            Tamper("rsa-wrapped-key-bit-flipped", rsa, "one bit of the RSA-OAEP-256 wrapped key flipped", Flip(rsa.HeaderBytes, rs.WrappedAt + 100), RecordingFormatError.UnwrapFailed),
            Tamper("a256kw-wrapped-key-bit-flipped", kw, "one bit of the A256KW wrapped key flipped", Flip(kw.HeaderBytes, aw.WrappedAt + 20), RecordingFormatError.UnwrapFailed),
            Tamper("algorithm-changed", kw, "algorithm A256KW changed to RSA-OAEP-256 (a defined pair, but the named AES key cannot perform it)", WithEnvelope(kw, kw.Header.Envelope with { Algorithm = "RSA-OAEP-256" }), RecordingFormatError.UnwrapFailed),
            Tamper("custody-changed", rsa, "custody 2 changed to 1 (PKCS#11 with RSA-OAEP-256: a pair the format does not define)", Edit(rsa.HeaderBytes, rs.Start, 1), RecordingFormatError.BadHeader),
            Tamper("envelope-of-another-recording", kw, "the wrapped key replaced by an A256KW wrap, under the same KEK, of software-a256gcm's DEK (Key Vault wraps have no context)", WithEnvelope(kw, kw.Header.Envelope with { Ciphertext = SpecKeyWrap.AesKeyWrap(SpecKeyWrap.KeyWrapKek, software.DataKey) }), RecordingFormatError.KeyCommitmentMismatch),
            Tamper("version-downgraded", software, "version byte 2 changed to 1 (a version 1 envelope has no MAC: 32 bytes are left over)", Edit(software.HeaderBytes, 4, 1), RecordingFormatError.BadHeader),
            Tamper("envelope-length-edited", software, "envelopeLength one more (the envelope takes the first frame's type byte: one byte is left over after the MAC)", longer, RecordingFormatError.BadHeader),
        ];
    }

    /// <summary>A frame sealed from the spec alone (HKDF segment key, nonce, AD), for frames the writer never makes.</summary>
    private static byte[] Seal(Computed v, byte type, long counter, byte[] plaintext)
    {
        using var aes = new AesGcm(Derive(v.DataKey, v.Header.Salt, "RGRD v1 segment key"), 16);
        var frame = new byte[13 + plaintext.Length + 16];
        frame[0] = type;
        BinaryPrimitives.WriteInt64BigEndian(frame.AsSpan(1), counter);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(9), plaintext.Length + 16);
        byte[] nonce = [.. v.Header.NoncePrefix, .. frame.AsSpan(2, 7), type];
        var associatedData = SHA256.HashData(v.HeaderBytes.AsSpan(0, 7 + BinaryPrimitives.ReadUInt16BigEndian(v.HeaderBytes.AsSpan(5))));
        aes.Encrypt(nonce, plaintext, frame.AsSpan(13, plaintext.Length), frame.AsSpan(13 + plaintext.Length), associatedData);
        return frame;
    }

    /// <summary>A final frame's plaintext with the given <paramref name="rangeCount"/> field and ranges.</summary>
    private static byte[] Trailer(long count, long bytes, int rangeCount, params (long First, long Last)[] ranges)
    {
        var result = new byte[20 + (16 * ranges.Length)];
        BinaryPrimitives.WriteInt64BigEndian(result, count);
        BinaryPrimitives.WriteInt64BigEndian(result.AsSpan(8), bytes);
        BinaryPrimitives.WriteInt32BigEndian(result.AsSpan(16), rangeCount);
        for (var i = 0; i < ranges.Length; i++)
        {
            BinaryPrimitives.WriteInt64BigEndian(result.AsSpan(20 + (16 * i)), ranges[i].First);
            BinaryPrimitives.WriteInt64BigEndian(result.AsSpan(28 + (16 * i)), ranges[i].Last);
        }

        return result;
    }

    /// <summary>The header with another envelope and (in version 2) its original MAC: what someone without the DEK can produce.</summary>
    private static byte[] WithEnvelope(Computed v, WrappedKey envelope) => (v.Header with { Envelope = envelope }).Encode();

    private static byte[] Join(byte[] header, IEnumerable<byte[]> frames, byte[]? final) => [.. header, .. frames.SelectMany(f => f), .. final ?? []];

    private static byte[] Flip(byte[] bytes, int index) => Edit(bytes, index, (byte)(bytes[index] ^ 0x01));

    private static byte[] Edit(byte[] bytes, int index, byte value)
    {
        var copy = bytes.ToArray();
        copy[index] = value;
        return copy;
    }

    private static byte[] WithLength(byte[] frame, int length)
    {
        var copy = frame.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(9), length);
        return copy;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static Task WriteAsync(string file, IEnumerable<JsonObject> items) =>
        File.WriteAllTextAsync(DocPath(file), new JsonArray(items.Select(i => (JsonNode)i).ToArray()).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

    private static string DocPath(string file) => Path.Combine(RepositoryRoot(), "docs", file);

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

    /// <summary>How a vector's data key is wrapped: the envelope's fields, the published test KEK, and the IV (GCM) or seed (OAEP) that makes it reproducible.</summary>
    private sealed record WrapSpec(KeyCustodyKind Custody, string KeyId, int KeyVersion, string Algorithm, byte[] Kek, byte[] Seed);

    private sealed record VectorCase(string Name, string Description, (long Seq, string Text)[] Chunks, int KeySeed, int SaltSeed, byte[] NoncePrefix, WrapSpec Wrap, byte Version, string? CallId = null)
    {
        public string Call => CallId ?? "call-" + Name;
    }

    private sealed record Computed(VectorCase Case, JsonObject Vector, byte[] DataKey, RecordingHeader Header, byte[] HeaderBytes, List<byte[]> Frames, byte[] Final);

    private sealed record FormatVersion(string VectorFile, string NegativeFile, VectorCase[] Cases, Func<IReadOnlyList<Computed>, List<NegativeCase>> Negatives);

    private sealed record NegativeCase(string Name, string? Tampers, string What, byte[] Recording, byte[]? DataKey, byte[]? Kek, RecordingFormatError Error)
    {
        public JsonObject ToJson()
        {
            var json = new JsonObject { ["name"] = Name, ["tampers"] = Tampers, ["tampering"] = What };
            if (DataKey is not null)
            {
                json["dataKey"] = Hex(DataKey);
            }

            if (Kek is not null)
            {
                json["kek"] = Hex(Kek);
            }

            json["recording"] = Hex(Recording);
            json["rejectedWith"] = Error.ToString();
            return json;
        }
    }

    /// <summary>Offsets in an encoded header: after the bound section come envelopeLength (2) and the envelope's fields.</summary>
    private sealed record EnvelopeLayout(int LengthAt, int Start, int KeyIdAt, int KeyIdLength, int KeyVersionAt, int WrappedAt, int MacAt)
    {
        public static EnvelopeLayout Of(byte[] header)
        {
            var lengthAt = 7 + BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(5));
            var start = lengthAt + 2;
            var keyIdLength = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(start + 1));
            var keyVersionAt = start + 3 + keyIdLength;
            var algorithmLength = header[keyVersionAt + 4];
            var wrappedLengthAt = keyVersionAt + 4 + 1 + algorithmLength;
            var wrappedAt = wrappedLengthAt + 2;
            return new EnvelopeLayout(lengthAt, start, start + 3, keyIdLength, keyVersionAt, wrappedAt, wrappedAt + BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(wrappedLengthAt)));
        }
    }
}
