using System.Text.Json;
using System.Text.Json.Nodes;
using Grid.Crypto.Signing;
using Grid.Retention;

namespace Grid.Silo;

/// <summary>
/// <c>verify-certificate CERT.json PUBLIC-KEY.pem</c>: checks a deletion certificate against the processor's
/// published public key; exit code 0 when valid, 1 when not.
/// </summary>
internal static class CertificateCommands
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static int Verify(string certificatePath, string publicKeyPath)
    {
        var certificate = JsonSerializer.Deserialize<DeletionCertificate>(File.ReadAllText(certificatePath), Json)
            ?? throw new InvalidDataException("Empty certificate file.");
        var valid = ProcessorSigningKey.Verify(certificate, File.ReadAllText(publicKeyPath));
        if (!valid)
        {
            Console.WriteLine("INVALID: the signature does not match this certificate and public key (tampered, or signed by another key).");
            return 1;
        }

        var body = JsonNode.Parse(certificate.Body)!;
        Console.WriteLine($"VALID: signed by key {certificate.KeyId[..16]}... ({certificate.Algorithm})");
        Console.WriteLine($"  certificate {body["certificateId"]} for tenant {body["tenantId"]}, scope {body["scope"]}, issued {body["issuedAt"]}");
        Console.WriteLine($"  recordings deleted: {body["recordingsDeleted"]?["count"]}; key versions destroyed: {body["keysDestroyed"]?.AsArray().Count}; retained under legal hold: {body["retainedUnderLegalHold"]?.AsArray().Count}");
        return 0;
    }
}
