using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Grid.Crypto.Format;

namespace Grid.Tests.Format;

/// <summary>
/// The key wraps of docs/recording-format.md ("Unwrapping the data key") done in software with published test keys,
/// written from the spec (not from the custody classes): what a customer holding its key-encryption key does, and
/// what the vectors are made with. The HSM (<c>CKM_AES_GCM</c>) and Key Vault (<c>RSA-OAEP-256</c>, <c>A256KW</c>)
/// perform the same operations inside their boundary. Every unwrap failure is a <see cref="CryptographicException"/>,
/// which the reader reports as <see cref="RecordingFormatError.UnwrapFailed"/>.
/// </summary>
internal static class SpecKeyWrap
{
    /// <summary>Published test KEK of the software-custody vectors (<c>40 41 … 5f</c>); never a real key.</summary>
    public static readonly byte[] SoftwareKek = Sequence(0x40, 32);

    /// <summary>Published test KEK of the PKCS#11 vectors (<c>60 61 … 7f</c>): the token object's value; never a real key.</summary>
    public static readonly byte[] Pkcs11Kek = Sequence(0x60, 32);

    /// <summary>Published test KEK of the Managed HSM <c>A256KW</c> vectors (<c>80 81 … 9f</c>); never a real key.</summary>
    public static readonly byte[] KeyWrapKek = Sequence(0x80, 32);

    /// <summary>Published test RSA 3072 key of the Key Vault <c>RSA-OAEP-256</c> vectors, PKCS#8 DER; generated for these vectors, never a real key.</summary>
    public static readonly byte[] RsaKekPkcs8 = Convert.FromBase64String(string.Concat(RsaKekPem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))));

    /// <summary>The RFC 3394 default initial value.</summary>
    private static readonly byte[] KeyWrapIv = [0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6];

    private const string RsaKekPem = """
        -----BEGIN PRIVATE KEY-----
        MIIG/AIBADANBgkqhkiG9w0BAQEFAASCBuYwggbiAgEAAoIBgQC1KtHDX/GcKAp+
        J0Os2H0CaL+TQIYFojamsrkfTqRKmN57Bj8nqjjDV92lu4Jvm3RAZ/XMe1wzq2SQ
        GrPPw5LF2wb8DFFd3o6SKpKJdT3Ix4kl4X8xL119IlyXerX/SO37RQKdgZPEn1iE
        JhYyNOFJJnGtfa9RA1o01U8y/ZsL+8dyqlnls2l80A9egz21d/ZJsqbxq8+xsQ+d
        ThYaZVqULBbSsgw0KsgyUNCgyROrq3OyLbAyB0kyf260sGW2u8W9/alT9KEWKKx9
        02HwrGWDjG3z8u/apzZuRl+rOcTw6gmWUvyCTRuijr5PMhZx5ens+H+jKmWlqT24
        84Ey0k/DJ25QLgcZjdmc7hXmC8xVNPmuMNn66mTgxsSiZMJ6M3R+yZLWcivhzXCk
        6xTsYnLaMGIfOW2Ld0qhgVetUHGmj9gD4N7mu/MQAMyjU1pDyo8mHauEFTgkLtxR
        r5ujGPT+R3Tj92nnbyPnPE09KVuKhwNEQaj1V7LIa18eedS+VG8CAwEAAQKCAYAR
        3dBZsLoT+NzutlzrDF8+YBSDPJ9FqfWII2MKA92Zn7wn13oIpYsQigyeqMCDKjUL
        mapjc/JSrtSYOOdCa5qrbt91oZoFTwqyE9xnYvZouR486/ajuUntKnja1YFiVOUS
        B9XAsRk2EF2QjBhZ84jDh9+Oc7EuT6LTSArApW281PlFRSiKydKdj6qcWwa4a/AQ
        MjwFjw3zYQSrB5rlbS5teMWixL1bCFxoSJEH8kdBga3uGf8LiAK/e1LFzgmnPPA8
        4SZrunndTOc5vaHNtIjytm29x/2EqnPex5cDvoNwncgW1oi+z5ph87FNOzC9/ML3
        dsSSxclMQjAk1EWpIaxdb72Gt9VGgw6Ym5L9t+MrIoDeJZiWVwemdS/Vog2jhCai
        MXNMH8PmX8fUatyYcpqpPQsSnM0cScmxdHjjWDTGay5ag+4R77DzriaZh1HNa03g
        +VwBFVUuaN4jutuc56HONSebiknkn1OVnwFL8si6JC6KLdygCRMYcgbVvFvP4iUC
        gcEA7kR63IR2lgG1knPzP9W4KwFJhfijky+pJDx3EPjZhROZ6o5K0hys8Z2ksajC
        pkdjSVokPqNPAgl8q6VshQfxtdO8hQ2gqNs2Oak318WiQNsGxqfA27XzAzRPUeXK
        NHk0obuJqxa5HpSSKAQ50VCdCfayb/r1isHTZ47Spdaa1ZQIBnRf6vkofqY9jzl6
        h4pWEssQmWKhpIr+lmyTC8WrJLv0337Do9KwwPP5wVaA49+qcta3QWvRhwA50I5Z
        QYVFAoHBAMKmdE8KfhJFzJW3m2Vjw+FWm/szhx5tMwYu8CKFV/VJGKiHWXwnzZsD
        5CBYfzuezhW/2gIQqvC5QMVOPwgIeyxviNiPQnR18I2LgZpsIKbTUvoUo2E/k0hp
        Ktz19Tg/vUI+/jU5WAwfQPYeJJ1Q8PweBt1SKlotMrTNMA4iFJuvTalm2S23pwEB
        9J2o8tgIS92VYws6zmJNEUkRqsXy3yY5GckMcK0zQM1ItKWFrp2B8uVuStIYeXqf
        VTAc61BsIwKBwDZLWIvji3pHTW7gCTAkrWDvXCexLuUdWTeup5swebC/dLVkU1xp
        uGceeycYw7JMVi2i4tt7L0fRjZ03hvERjFzYsP7IyjFwMn0VOGps2LparsKZ+3KV
        lZjHVMPezyMB86JfL9HSzcBQLrX7sIkoC4D3vFWUJFvIKzpP62Rq8MF2iBWgczMC
        L94cV67JdEhql46Uw2WQejEak0UH3MIz+vnV8sjzA/XSzwBJGEKcSaajkx20G/JG
        dWqD/Kivp1ss2QKBwEKTCe7KyOnZA6slXDnmUGWu6LSXIByw/qWbwjgcYUQclxl1
        CY8kUfc18n15pzKuExBvSNIx/zVMNzIEnBxUQkSldSmUfgc1G2xeDZrSZqyIVLYB
        /wtQ4j/+8FEYsqFlc4bH4swza8Dho6dKEf3YZEPmxTRHWQL0uIYMM+Zxk5jX8XkC
        Gz++s5jtoUuXME/hLomAAZsiptoKP+I876q6ccYx+3a/EX67q+tKdbazLVDj1D7S
        ZTbMdigRfOJy0az0/wKBwHiW1h6Q9diwtpcwEqKR1k/h7K0JQ78iiV6rRtFL0vEg
        LbHA1pHuf4uw4PSdVIGB+JQhueBnX8+DQ3YWMDkl2LHfMqB4JCnwvwSDq+0w4fNe
        e5Zpq7EMsJS44KCyaC9T8mXXk9oBW55oOv+FEuZWRShkyAG/3BmmZ6QiH/mJafBS
        /tnCdqJhhjy93M2VXrGdyn75KAtHJkJu0Lwxql8FMiAU9xQ274yIAYInlDamx3pc
        5mCNhFqhn6hzwO5eZIrSAg==
        -----END PRIVATE KEY-----
        """;

    public static byte[] Sequence(int first, int count) => Enumerable.Range(first, count).Select(i => (byte)i).ToArray();

    /// <summary>The unwrap context (AAD) of custodies 0 and 1: the UTF-8 (here ASCII) bytes of <c>{tenantId}/{callId}</c>.</summary>
    public static byte[] Context(string tenantId, string callId) => Encoding.UTF8.GetBytes($"{tenantId}/{callId}");

    /// <summary>Custodies 0 (<c>A256GCM</c>) and 1 (<c>CKM_AES_GCM</c>): <c>iv (12) || AES-256-GCM(KEK, iv, DEK, AAD = context) || tag (16)</c>.</summary>
    public static byte[] GcmWrap(byte[] kek, byte[] iv, byte[] dataKey, byte[] context)
    {
        using var aes = new AesGcm(kek, 16);
        var result = new byte[12 + dataKey.Length + 16];
        iv.CopyTo(result, 0);
        aes.Encrypt(iv, dataKey, result.AsSpan(12, dataKey.Length), result.AsSpan(12 + dataKey.Length), context);
        return result;
    }

    /// <summary>
    /// Custody 2, <c>RSA-OAEP-256</c>: RSAES-OAEP (RFC 8017) with SHA-256, MGF1-SHA-256 and an empty label. The seed is
    /// an argument only so that the vector is reproducible; Key Vault draws it at random.
    /// </summary>
    public static byte[] RsaOaep256Wrap(byte[] pkcs8, byte[] seed, byte[] dataKey)
    {
        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        var parameters = rsa.ExportParameters(false);
        var k = parameters.Modulus!.Length;
        var labelHash = SHA256.HashData([]);
        var db = new byte[k - 32 - 1];
        labelHash.CopyTo(db, 0);
        db[db.Length - dataKey.Length - 1] = 0x01;
        dataKey.CopyTo(db, db.Length - dataKey.Length);
        var maskedDb = Xor(db, Mgf1(seed, db.Length));
        var maskedSeed = Xor(seed, Mgf1(maskedDb, 32));
        byte[] encoded = [0x00, .. maskedSeed, .. maskedDb];
        var c = BigInteger.ModPow(new BigInteger(encoded, isUnsigned: true, isBigEndian: true), new BigInteger(parameters.Exponent, isUnsigned: true, isBigEndian: true), new BigInteger(parameters.Modulus, isUnsigned: true, isBigEndian: true));
        var bytes = c.ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. new byte[k - bytes.Length], .. bytes];
    }

    /// <summary>Custody 2, <c>A256KW</c>: AES key wrap (RFC 3394) with the default initial value <c>A6A6A6A6A6A6A6A6</c>.</summary>
    public static byte[] AesKeyWrap(byte[] kek, byte[] plaintext)
    {
        using var aes = Aes.Create();
        aes.Key = kek;
        var n = plaintext.Length / 8;
        var a = KeyWrapIv.ToArray();
        var r = plaintext.ToArray();
        var block = new byte[16];
        for (var j = 0; j <= 5; j++)
        {
            for (var i = 1; i <= n; i++)
            {
                a.CopyTo(block, 0);
                Array.Copy(r, (i - 1) * 8, block, 8, 8);
                var b = aes.EncryptEcb(block, PaddingMode.None);
                Array.Copy(b, 0, a, 0, 8);
                XorCounter(a, (n * j) + i);
                Array.Copy(b, 8, r, (i - 1) * 8, 8);
            }
        }

        return [.. a, .. r];
    }

    /// <summary>
    /// The spec's unwrap of a header's data key with the KEK its envelope names (an AES key, or for
    /// <c>RSA-OAEP-256</c> a PKCS#8 RSA private key). Throws <see cref="CryptographicException"/> when the wrap does
    /// not authenticate or the key cannot perform the algorithm.
    /// </summary>
    public static byte[] Unwrap(RecordingHeader header, byte[] kek)
    {
        var wrapped = header.Envelope.Ciphertext;
        switch (header.Envelope.Algorithm)
        {
            case "A256GCM" or "CKM_AES_GCM":
            {
                RequireAesKey(kek);
                if (wrapped.Length < 12 + 16)
                {
                    throw new CryptographicException("The wrapped key is shorter than its IV and tag.");
                }

                using var aes = new AesGcm(kek, 16);
                var dataKey = new byte[wrapped.Length - 28];
                aes.Decrypt(wrapped.AsSpan(0, 12), wrapped.AsSpan(12, dataKey.Length), wrapped.AsSpan(12 + dataKey.Length), dataKey, Context(header.TenantId, header.CallId));
                return dataKey;
            }

            case "RSA-OAEP-256":
            {
                if (kek.Length == 32)
                {
                    throw new CryptographicException("An AES key cannot perform RSA-OAEP-256.");
                }

                using var rsa = RSA.Create();
                rsa.ImportPkcs8PrivateKey(kek, out _);
                return rsa.Decrypt(wrapped, RSAEncryptionPadding.OaepSHA256);
            }

            case "A256KW":
                RequireAesKey(kek);
                return AesKeyUnwrap(kek, wrapped);
            default:
                throw new InvalidOperationException($"The reader refuses algorithm '{header.Envelope.Algorithm}' before any unwrap.");
        }
    }

    private static byte[] AesKeyUnwrap(byte[] kek, byte[] wrapped)
    {
        if (wrapped.Length < 24 || wrapped.Length % 8 != 0)
        {
            throw new CryptographicException("An AES key wrap is a multiple of 8 bytes, at least 24.");
        }

        using var aes = Aes.Create();
        aes.Key = kek;
        var n = (wrapped.Length / 8) - 1;
        var a = wrapped[..8];
        var r = wrapped[8..];
        var block = new byte[16];
        for (var j = 5; j >= 0; j--)
        {
            for (var i = n; i >= 1; i--)
            {
                XorCounter(a, (n * j) + i);
                a.CopyTo(block, 0);
                Array.Copy(r, (i - 1) * 8, block, 8, 8);
                var b = aes.DecryptEcb(block, PaddingMode.None);
                Array.Copy(b, 0, a, 0, 8);
                Array.Copy(b, 8, r, (i - 1) * 8, 8);
            }
        }

        if (!CryptographicOperations.FixedTimeEquals(a, KeyWrapIv))
        {
            throw new CryptographicException("The AES key wrap's integrity check failed.");
        }

        return r;
    }

    private static void RequireAesKey(byte[] kek)
    {
        if (kek.Length != 32)
        {
            throw new CryptographicException("The named key is not an AES-256 key.");
        }
    }

    private static void XorCounter(byte[] a, long t)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, t);
        for (var i = 0; i < 8; i++)
        {
            a[i] ^= bytes[i];
        }
    }

    private static byte[] Mgf1(byte[] seed, int length)
    {
        var result = new List<byte>();
        for (var counter = 0; result.Count < length; counter++)
        {
            var c = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(c, counter);
            result.AddRange(SHA256.HashData([.. seed, .. c]));
        }

        return [.. result.Take(length)];
    }

    private static byte[] Xor(byte[] a, byte[] b) => a.Zip(b, (x, y) => (byte)(x ^ y)).ToArray();
}
