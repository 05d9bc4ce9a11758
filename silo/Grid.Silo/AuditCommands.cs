using Grid.Audit;
using Grid.Crypto.Signing;
using Grid.Grains.Audit;
using Grid.Hosting;
using Grid.Storage;

namespace Grid.Silo;

/// <summary>
/// <c>verify-audit TENANT [PUBLIC-KEY.pem]</c>: reads a tenant's audit log and its signed checkpoints from the
/// configured storage and verifies the hash chain and every checkpoint against the processor's public key (by
/// default the local signing key's). Exit code 0 when intact, 1 when not (or when the tenant has no audit record there).
/// </summary>
internal static class AuditCommands
{
    public static async Task<int> VerifyAsync(string tenantId, string? publicKeyPath, GridSiloOptions options)
    {
        var store = new AuditStore(GridStorageAccounts.Create(options));
        var records = new List<AuditRecord>();
        foreach (var segment in await store.ListSegmentsAsync(tenantId, CancellationToken.None))
        {
            records.AddRange(AuditChain.Parse(await store.ReadSegmentAsync(tenantId, segment, CancellationToken.None)));
        }

        var checkpoints = (await store.ReadCheckpointsAsync(tenantId, CancellationToken.None)).Select(AuditChain.ParseCheckpoint).ToList();
        string publicKey;
        if (publicKeyPath is not null)
        {
            publicKey = await File.ReadAllTextAsync(publicKeyPath);
        }
        else
        {
            using var signer = new ProcessorSigningKey(options.Signing);
            publicKey = signer.PublicKeyPem;
        }

        // Every provisioned tenant's log starts with its key's creation: an empty log is the wrong tenant or storage, not "intact".
        if (records.Count == 0)
        {
            Console.WriteLine($"NOT FOUND: no audit record of tenant {tenantId} in this storage (check the tenant id and Grid:Storage).");
            return 1;
        }

        var (intact, broken) = AuditChain.VerifyChain(records);
        var problem = intact ? AuditChain.VerifyCheckpoints(tenantId, records, checkpoints, publicKey) : $"record {broken} does not verify (hash or link)";
        Console.WriteLine($"tenant {tenantId}: {records.Count} records, {checkpoints.Count} signed checkpoint{(checkpoints.Count == 1 ? "" : "s")} (last at record {(checkpoints.Count == 0 ? 0 : checkpoints[^1].Sequence)})");
        if (problem is not null)
        {
            Console.WriteLine($"BROKEN: {problem}");
            return 1;
        }

        Console.WriteLine(checkpoints.Count == 0 ? "INTACT (chain only: no checkpoint yet)" : "INTACT: chain and every checkpoint verify");
        return 0;
    }
}
