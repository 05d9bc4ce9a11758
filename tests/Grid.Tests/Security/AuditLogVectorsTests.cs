using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grid.Audit;
using Grid.Crypto.Signing;
using Grid.Grains.Audit;

namespace Grid.Tests.Security;

/// <summary>
/// docs/audit-log.md publishes vectors (an intact log, an edited record, a recomputed chain, a cut tail, a forged
/// checkpoint, an unanchored young log) with their verdicts. The Grid's own verifier must give each its verdict, and so
/// must docs/tools/verify_audit.py, written from the document alone (Python and the 'cryptography' package).
/// <c>GRID_UPDATE_DOCS=1</c> writes the vectors anew (new signatures: ES256 is randomised).
/// </summary>
public sealed class AuditLogVectorsTests
{
    private const string TenantId = "vector-tenant";

    private static string VectorsPath => Path.Combine(AuthorizationDocument.RepositoryRoot(), "docs", "audit-log.vectors.json");

    [Fact]
    public void The_published_vectors_get_their_stated_verdicts_from_the_grids_verifier()
    {
        if (Environment.GetEnvironmentVariable("GRID_UPDATE_DOCS") == "1" || !File.Exists(VectorsPath))
        {
            WriteVectors();
        }

        var document = JsonNode.Parse(File.ReadAllText(VectorsPath))!;
        var publicKey = document["publicKeyPem"]!.GetValue<string>();
        var verdicts = new List<(string Name, string Verdict, long Detail)>();
        var stated = new List<(string Name, string Verdict, long Detail)>();
        foreach (var vector in document["vectors"]!.AsArray())
        {
            var records = vector!["records"]!.AsArray().Select(l => AuditChain.Parse(System.Text.Encoding.UTF8.GetBytes(l!.GetValue<string>())).Single()).ToList();
            var checkpoints = vector["checkpoints"]!.AsArray().Select(c => AuditChain.ParseCheckpoint(System.Text.Encoding.UTF8.GetBytes(c!.ToJsonString()))).ToList();
            stated.Add((vector["name"]!.GetValue<string>(), vector["verdict"]!.GetValue<string>(), vector["detail"]!.GetValue<long>()));
            verdicts.Add((vector["name"]!.GetValue<string>(), Verdict(records, checkpoints, publicKey).Verdict, Verdict(records, checkpoints, publicKey).Detail));
        }

        Assert.Equal(["intact", "edited-record", "recomputed-chain", "cut-tail", "forged-checkpoint", "young-log-unsigned"], stated.Select(s => s.Name));
        Assert.Equal(stated, verdicts);
    }

    [Fact]
    public async Task A_verifier_written_from_the_document_alone_gives_every_vector_its_verdict()
    {
        var (exitCode, output) = await RunToolAsync("--vectors", VectorsPath);

        Assert.True(exitCode == 0, output);
        Assert.Equal(
            ["intact: intact 1 (as stated)", "edited-record: record-broken 3 (as stated)", "recomputed-chain: rewritten 4 (as stated)", "cut-tail: cut 4 (as stated)", "forged-checkpoint: checkpoint-forged 4 (as stated)", "young-log-unsigned: intact 3 (as stated)"],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Runs docs/tools/verify_audit.py (Python 3 with the 'cryptography' package, which the test script installs).</summary>
    internal static async Task<(int ExitCode, string Output)> RunToolAsync(params string[] arguments)
    {
        var tool = Path.Combine(AuthorizationDocument.RepositoryRoot(), "docs", "tools", "verify_audit.py");
        using var process = Process.Start(new ProcessStartInfo("python3", [tool, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>The Grid's verdict (<see cref="AuditChain"/>), in the document's names.</summary>
    private static (string Verdict, long Detail) Verdict(IReadOnlyList<AuditRecord> records, IReadOnlyList<AuditCheckpoint> checkpoints, string publicKey)
    {
        var (intact, broken) = AuditChain.VerifyChain(records);
        if (!intact)
        {
            return ("record-broken", broken!.Value);
        }

        var problem = AuditChain.VerifyCheckpoints(TenantId, records, checkpoints, publicKey);
        var sequence = checkpoints.Count == 0 ? 0 : checkpoints[^1].Sequence;
        return problem switch
        {
            null => ("intact", records.Count - checkpoints.Select(c => c.Sequence).DefaultIfEmpty(0).Max()),
            _ when problem.Contains("valid signature", StringComparison.Ordinal) => ("checkpoint-forged", sequence),
            _ when problem.Contains("were cut", StringComparison.Ordinal) => ("cut", sequence),
            _ when problem.Contains("rewritten", StringComparison.Ordinal) => ("rewritten", sequence),
            _ => (problem, -1),
        };
    }

    private static void WriteVectors()
    {
        var folder = Directory.CreateTempSubdirectory("audit-vectors").FullName;
        using var signer = new ProcessorSigningKey(new ProcessorSigningKeyOptions { KeyPath = Path.Combine(folder, "signing.pem") });
        var start = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        AuditRecord Entry(int n) => new()
        {
            At = start.AddMinutes(n),
            TenantId = TenantId,
            Action = n switch { 1 => "key.create", 2 => "key.wrap", 3 => "key.unwrap", 4 => "recording.read-summary", _ => "key.unwrap" },
            Purpose = n switch { 1 => "provision", 2 => "new-recording", 4 => "", _ => "playback" },
            Principal = n switch { 1 => "grid:tenant", 2 => "recorder:desk-1", 3 => "analyst-7", _ => "auditor-2" },
            CallId = n == 1 ? null : "call-0001",
            KeyVersion = n == 4 ? null : 1,
        };

        static List<AuditRecord> Chain(IEnumerable<AuditRecord> entries)
        {
            var chained = new List<AuditRecord>();
            var previous = AuditChain.GenesisHash;
            foreach (var entry in entries)
            {
                var linked = entry with { Sequence = chained.Count + 1, PreviousHash = previous, Hash = string.Empty };
                linked = linked with { Hash = AuditChain.HashOf(linked) };
                chained.Add(linked);
                previous = linked.Hash;
            }

            return chained;
        }

        var genuine = Chain(Enumerable.Range(1, 5).Select(Entry));
        var checkpoint = AuditChain.Sign(genuine[3], start.AddMinutes(4.5), signer);
        var lines = genuine.Select(AuditChain.Serialize).ToList();

        // An edit without recomputing: record 3 names someone else. A rewrite: the same edit, hashes recomputed.
        var edited = lines.ToList();
        edited[2] = edited[2].Replace("\"analyst-7\"", "\"analyst-8\"", StringComparison.Ordinal);
        var rewritten = Chain(genuine.Select((r, i) => i == 2 ? r with { Principal = "analyst-8" } : r)).Select(AuditChain.Serialize).ToList();

        // A forger with the storage key but not the signing key: re-signs the rewritten head with a key of its own.
        using var forger = new ProcessorSigningKey(new ProcessorSigningKeyOptions { KeyPath = Path.Combine(folder, "forger.pem") });
        var forgedHead = AuditChain.Parse(System.Text.Encoding.UTF8.GetBytes(rewritten[3])).Single();
        var forged = AuditChain.Sign(forgedHead, start.AddMinutes(4.5), forger) with { KeyId = signer.KeyId };

        JsonNode Checkpoint(AuditCheckpoint c) => JsonNode.Parse(AuditChain.Serialize(c))!;
        JsonObject Vector(string name, IEnumerable<string> records, IEnumerable<AuditCheckpoint> checkpoints, string verdict, long detail, string what) => new()
        {
            ["name"] = name,
            ["what"] = what,
            ["tenantId"] = TenantId,
            ["records"] = new JsonArray([.. records.Select(r => (JsonNode)JsonValue.Create(r))]),
            ["checkpoints"] = new JsonArray([.. checkpoints.Select(Checkpoint)]),
            ["verdict"] = verdict,
            ["detail"] = detail,
        };

        var document = new JsonObject
        {
            ["about"] = "Audit-log vectors of docs/audit-log.md: each vector's records (log lines, exactly as stored) and checkpoints, and the verdict a verifier must give (detail: the record or checkpoint sequence it names; for intact, the records after the last signed head).",
            ["publicKeyPem"] = signer.PublicKeyPem,
            ["vectors"] = new JsonArray(
                Vector("intact", lines, [checkpoint], "intact", 1, "Five records, the fourth signed."),
                Vector("edited-record", edited, [checkpoint], "record-broken", 3, "Record 3's principal edited in place: its hash no longer matches."),
                Vector("recomputed-chain", rewritten, [checkpoint], "rewritten", 4, "Record 3 edited and every hash from it recomputed: the chain holds, the signed head does not."),
                Vector("cut-tail", lines.Take(3), [checkpoint], "cut", 4, "Records 4 and 5 removed: the log ends below a signed head."),
                Vector("forged-checkpoint", rewritten, [forged], "checkpoint-forged", 4, "The recomputed chain with its head signed by another key under the processor's key id."),
                Vector("young-log-unsigned", rewritten.Take(3), [], "intact", 3, "Three records, none signed yet: a rewrite is not detectable until the head is signed (docs/audit-log.md, the signing window).")),
        };
        File.WriteAllText(VectorsPath, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Directory.Delete(folder, recursive: true);
    }
}
