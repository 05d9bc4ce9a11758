using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grid.Audit;
using Grid.Crypto.Signing;

namespace Grid.Grains.Audit;

/// <summary>
/// The audit log's integrity, as plain functions: the hash chain (each record hashes its predecessor's hash) and
/// the signed checkpoints that anchor it (a recomputed chain or a cut tail no longer matches a signed head).
/// </summary>
public static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The hash of a record (over its JSON with an empty hash field).</summary>
    public static string HashOf(AuditRecord record) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(record with { Hash = string.Empty }, Json)));

    /// <summary>Checks sequence numbers, links and hashes; returns the first record that fails, if any.</summary>
    public static (bool Intact, long? FirstBroken) VerifyChain(IReadOnlyList<AuditRecord> records)
    {
        var previous = GenesisHash;
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            if (r.Sequence != i + 1 || r.PreviousHash != previous || r.Hash != HashOf(r))
            {
                return (false, i + 1);
            }

            previous = r.Hash;
        }

        return (true, null);
    }

    /// <summary>The checkpoint of the head <paramref name="head"/>, signed with <paramref name="signer"/>.</summary>
    public static AuditCheckpoint Sign(AuditRecord head, DateTimeOffset at, ProcessorSigningKey signer)
    {
        var body = new JsonObject
        {
            ["tenantId"] = head.TenantId,
            ["sequence"] = head.Sequence,
            ["headHash"] = head.Hash,
            ["at"] = at.ToString("O", CultureInfo.InvariantCulture),
        }.ToJsonString();
        return new AuditCheckpoint
        {
            Body = body,
            Signature = signer.SignBody(body),
            KeyId = signer.KeyId,
            TenantId = head.TenantId,
            Sequence = head.Sequence,
            HeadHash = head.Hash,
            At = at,
        };
    }

    /// <summary>
    /// Verifies every checkpoint's signature (under <paramref name="publicKeyPem"/>) and that the log still has the
    /// signed head at each checkpointed sequence. Returns null when all hold, else what is wrong. Only the signed
    /// body is trusted, never the checkpoint's unsigned copies of its fields.
    /// </summary>
    public static string? VerifyCheckpoints(string tenantId, IReadOnlyList<AuditRecord> records, IReadOnlyList<AuditCheckpoint> checkpoints, string publicKeyPem)
    {
        foreach (var checkpoint in checkpoints)
        {
            if (!ProcessorSigningKey.VerifyBody(checkpoint.Body, checkpoint.Signature, checkpoint.KeyId, publicKeyPem))
            {
                return $"The checkpoint for record {checkpoint.Sequence} does not carry a valid signature of the processor's key.";
            }

            var body = JsonNode.Parse(checkpoint.Body)!;
            var sequence = body["sequence"]!.GetValue<long>();
            var head = body["headHash"]!.GetValue<string>();
            if (body["tenantId"]!.GetValue<string>() != tenantId)
            {
                return $"The checkpoint for record {sequence} belongs to another tenant.";
            }

            if (sequence > records.Count)
            {
                return $"The log ends at record {records.Count}, but record {sequence} was signed: records were cut from the log.";
            }

            if (records[(int)sequence - 1].Hash != head)
            {
                return $"Record {sequence} differs from the signed checkpoint: the log was rewritten (and its chain recomputed).";
            }
        }

        return null;
    }

    /// <summary>Parses stored checkpoint JSON.</summary>
    public static AuditCheckpoint ParseCheckpoint(byte[] json) => JsonSerializer.Deserialize<AuditCheckpoint>(json, Json)!;

    /// <summary>Serializes a checkpoint for storage.</summary>
    public static byte[] Serialize(AuditCheckpoint checkpoint) => JsonSerializer.SerializeToUtf8Bytes(checkpoint, Json);

    /// <summary>Serializes a record as one log line.</summary>
    public static string Serialize(AuditRecord record) => JsonSerializer.Serialize(record, Json);

    /// <summary>Parses a log segment (JSON lines).</summary>
    public static IEnumerable<AuditRecord> Parse(byte[] content) =>
        System.Text.Encoding.UTF8.GetString(content).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<AuditRecord>(line, Json)!);
}
