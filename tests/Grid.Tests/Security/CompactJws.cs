using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grid.Security.Tokens;

/// <summary>
/// An attacker's (or a foreign issuer's) token signer for the tests: signs any claims with any key under any key id,
/// by hand, so tests can present credentials the Grid's own issuer would never make (too long-lived, unknown roles,
/// another issuer's key naming ours).
/// </summary>
internal static class CompactJws
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static string Sign(GridTokenClaims claims, ECDsa key, string keyId)
    {
        var header = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new { alg = "ES256", typ = "JWT", kid = keyId }, Json));
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims, Json));
        var signingInput = header + "." + payload;
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }
}
