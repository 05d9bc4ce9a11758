using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grid.Audit;
using Grid.Storage;

namespace Grid.Grains.Audit;

/// <summary>
/// A tenant's audit log: the single writer of its hash chain. Every record carries the SHA-256 of the previous
/// one, so removing, reordering or editing any record breaks the chain from there on. The chain head is recovered
/// from storage on activation (no separate state to drift from the log).
/// </summary>
public sealed class AuditLogGrain(AuditStore store, GridTime time) : Grain, IAuditLogGrain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private long lastSequence = -1;
    private string lastHash = GenesisHash;

    private string TenantId => field ??= GridIds.RequireTenantId(this.GetPrimaryKeyString());

    public async Task<AuditRecord> AppendAsync(AuditRecord record)
    {
        await EnsureHeadAsync();
        var entry = record with
        {
            TenantId = TenantId,
            At = record.At == default ? time.GetUtcNow() : record.At,
            Sequence = lastSequence + 1,
            PreviousHash = lastHash,
            Hash = string.Empty,
        };
        entry = entry with { Hash = HashOf(entry) };
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, Json) + "\n");
        await store.AppendAsync(TenantId, AuditStore.SegmentOf(entry.Sequence), line, CancellationToken.None);
        lastSequence = entry.Sequence;
        lastHash = entry.Hash;
        return entry;
    }

    public async Task<AuditLogReadResult> ReadAsync()
    {
        var records = new List<AuditRecord>();
        foreach (var segment in await store.ListSegmentsAsync(TenantId, CancellationToken.None))
        {
            records.AddRange(Parse(await store.ReadSegmentAsync(TenantId, segment, CancellationToken.None)));
        }

        var (intact, broken) = Verify(records);
        return new AuditLogReadResult(records, intact, broken);
    }

    /// <summary>Checks sequence numbers, links and hashes; returns the first broken sequence.</summary>
    public static (bool Intact, long? FirstBroken) Verify(IReadOnlyList<AuditRecord> records)
    {
        var previous = GenesisHash;
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            if (r.Sequence != i + 1 || r.PreviousHash != previous || r.Hash != HashOf(r with { Hash = string.Empty }))
            {
                return (false, i + 1);
            }

            previous = r.Hash;
        }

        return (true, null);
    }

    private static string HashOf(AuditRecord withoutHash) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(withoutHash with { Hash = string.Empty }, Json)));

    private static IEnumerable<AuditRecord> Parse(byte[] content) =>
        Encoding.UTF8.GetString(content).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<AuditRecord>(line, Json)!);

    private async Task EnsureHeadAsync()
    {
        if (lastSequence >= 0)
        {
            return;
        }

        var segments = await store.ListSegmentsAsync(TenantId, CancellationToken.None);
        lastSequence = 0;
        if (segments.Count > 0)
        {
            var tail = Parse(await store.ReadSegmentAsync(TenantId, segments[^1], CancellationToken.None)).LastOrDefault();
            if (tail is not null)
            {
                lastSequence = tail.Sequence;
                lastHash = tail.Hash;
            }
        }
    }
}
