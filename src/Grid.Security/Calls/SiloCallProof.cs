using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Grid.Security.Calls;

/// <summary>
/// Proof that a grain call was made inside the cluster: an HMAC-SHA256 under the cluster key (which only silos hold)
/// over the time, the target grain and the method. A client cannot make one, and the sender id a client reports
/// (which it may forge) plays no part. Silo-to-silo links are mutual TLS, so a proof is never seen outside.
/// </summary>
public sealed class SiloCallProof
{
    /// <summary>How far a proof's time may be from the receiving silo's clock.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly byte[] key;
    private readonly TimeProvider time;

    public SiloCallProof(byte[] key, TimeProvider? time = null)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The cluster key must be at least 32 bytes.", nameof(key));
        }

        this.key = key;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>Loads the cluster key (base64 in a file), creating it when absent.</summary>
    public static SiloCallProof FromFile(string path, TimeProvider? time = null)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            try
            {
                SecretFile.WriteNew(full, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            }
            catch (IOException) when (File.Exists(full))
            {
                // Another silo of this machine created it first.
            }
        }

        return new SiloCallProof(Convert.FromBase64String(File.ReadAllText(full).Trim()), time);
    }

    /// <summary>The proof for a call to <paramref name="target"/>'s <paramref name="method"/>.</summary>
    public string Create(string target, string method)
    {
        var seconds = time.GetUtcNow().ToUnixTimeSeconds();
        return seconds.ToString(CultureInfo.InvariantCulture) + "." + Convert.ToBase64String(Mac(seconds, target, method));
    }

    /// <summary>True when <paramref name="proof"/> was made by a silo of this cluster for this call, recently.</summary>
    public bool Verify(string? proof, string target, string method)
    {
        var dot = proof?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (proof is null || dot <= 0 || proof.Length > 64
            || !long.TryParse(proof.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(time.GetUtcNow().ToUnixTimeSeconds() - seconds) > (long)Window.TotalSeconds)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[24];
        return Convert.TryFromBase64Chars(proof.AsSpan(dot + 1), given, out var length)
            && length == 16
            && CryptographicOperations.FixedTimeEquals(given[..16], Mac(seconds, target, method));
    }

    private byte[] Mac(long seconds, string target, string method)
    {
        var input = new byte[8 + Encoding.UTF8.GetMaxByteCount(target.Length + method.Length + 1)];
        BinaryPrimitives.WriteInt64BigEndian(input, seconds);
        var length = 8 + Encoding.UTF8.GetBytes(target + "\n" + method, input.AsSpan(8));
        return HMACSHA256.HashData(key, input.AsSpan(0, length))[..16];
    }
}
