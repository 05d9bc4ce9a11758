using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grid.Security.Tokens;

/// <summary>
/// Compact JWS with ES256 (ECDSA P-256, SHA-256, IEEE P1363 signature), RFC 7515/7518: the smallest part of JWT the
/// Grid needs, written out so that nothing else is accepted (no <c>none</c>, no algorithm from the token).
/// </summary>
public static class CompactJws
{
    public const string Algorithm = "ES256";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Signs <paramref name="claims"/> with <paramref name="key"/>, naming the key <paramref name="keyId"/>.</summary>
    public static string Sign(GridTokenClaims claims, ECDsa key, string keyId)
    {
        var header = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Header(Algorithm, "JWT", keyId), Json));
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims, Json));
        var signingInput = header + "." + payload;
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>Splits a token into its key id, claims and a verifier; null when it is not a well-formed ES256 JWS.</summary>
    public static Parsed? Parse(string token)
    {
        if (token.Length > 4096)
        {
            return null;
        }

        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.Length - 1 || token.IndexOf('.', second + 1) >= 0)
        {
            return null;
        }

        try
        {
            var header = JsonSerializer.Deserialize<Header>(Base64Url.DecodeFromChars(token.AsSpan(0, first)), Json);
            var claims = JsonSerializer.Deserialize<GridTokenClaims>(Base64Url.DecodeFromChars(token.AsSpan(first + 1, second - first - 1)), Json);
            var signature = Base64Url.DecodeFromChars(token.AsSpan(second + 1));
            if (header is not { Alg: Algorithm, Kid: { Length: > 0 } } || claims is null || signature.Length != 64)
            {
                return null;
            }

            return new Parsed(header.Kid, claims, Encoding.ASCII.GetBytes(token[..second]), signature);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A parsed, not yet verified, token.</summary>
    public sealed record Parsed(string KeyId, GridTokenClaims Claims, byte[] SigningInput, byte[] Signature)
    {
        /// <summary>True when the signature verifies under <paramref name="key"/>.</summary>
        public bool VerifiesWith(ECDsa key) =>
            key.VerifyData(SigningInput, Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private sealed record Header(
        [property: JsonPropertyName("alg")] string Alg,
        [property: JsonPropertyName("typ")] string? Typ,
        [property: JsonPropertyName("kid")] string Kid);
}
