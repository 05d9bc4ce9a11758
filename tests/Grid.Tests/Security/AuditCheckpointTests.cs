using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Grid.Audit;
using Grid.Grains.Audit;
using Grid.Storage;
using Grid.Tests.Faults;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Security;

/// <summary>
/// The audit log cannot be rewritten quietly, not even by the processor with write access to storage: signed
/// checkpoints of the head (every 5 records in the test cluster) expose a recomputed chain and a cut tail.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class AuditCheckpointTests(GridFixture fixture)
{
    private async Task<(string TenantId, AppendBlobLog Log)> LogWithRecordsAsync(int count)
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client); // writes key.create: record 1
        var log = fixture.InternalGrains.GetGrain<IAuditLogGrain>(tenantId);
        for (var i = 2; i <= count; i++)
        {
            await log.AppendAsync(new AuditRecord { TenantId = tenantId, Action = "test.event", Purpose = $"step-{i}", Principal = "grid:test" });
        }

        return (tenantId, new AppendBlobLog(new BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(AuditStore.ContainerName).GetAppendBlobClient($"{tenantId}/000000.jsonl")));
    }

    [Fact]
    public async Task The_head_is_signed_every_n_records_and_the_log_verifies_against_its_checkpoints()
    {
        var (tenantId, _) = await LogWithRecordsAsync(12);

        var read = await fixture.Client.GetGrain<IAuditLogGrain>(tenantId).ReadAsync();

        Assert.True(read.ChainIntact);
        Assert.True(read.CheckpointsVerified, read.Problem);
        Assert.Null(read.Problem);
        Assert.Equal([5L, 10L], read.Checkpoints!.Select(c => c.Sequence));
        Assert.Equal(read.Records[9].Hash, read.Checkpoints![1].HeadHash);
    }

    [Fact]
    public async Task A_rewritten_log_with_a_recomputed_chain_is_detected_by_the_signed_checkpoint()
    {
        var (tenantId, blob) = await LogWithRecordsAsync(7);
        var records = await blob.ReadAsync();
        var previous = AuditChain.GenesisHash;
        var forged = new List<AuditRecord>();
        foreach (var record in records)
        {
            var edited = record.Sequence == 2 ? record with { Purpose = "nothing-to-see" } : record;
            edited = edited with { PreviousHash = previous, Hash = string.Empty };
            edited = edited with { Hash = AuditChain.HashOf(edited) };
            forged.Add(edited);
            previous = edited.Hash;
        }

        await blob.ReplaceAsync(forged);
        var read = await fixture.Client.GetGrain<IAuditLogGrain>(tenantId).ReadAsync();

        Assert.True(read.ChainIntact);
        Assert.False(read.CheckpointsVerified);
        Assert.Equal("Record 5 differs from the signed checkpoint: the log was rewritten (and its chain recomputed).", read.Problem);
    }

    [Fact]
    public async Task A_log_cut_below_its_last_checkpoint_is_detected()
    {
        var (tenantId, blob) = await LogWithRecordsAsync(7);
        var records = await blob.ReadAsync();

        await blob.ReplaceAsync(records.Take(3));
        var read = await fixture.Client.GetGrain<IAuditLogGrain>(tenantId).ReadAsync();

        Assert.True(read.ChainIntact);
        Assert.False(read.CheckpointsVerified);
        Assert.Equal("The log ends at record 3, but record 5 was signed: records were cut from the log.", read.Problem);
    }

    [Fact]
    public async Task A_forged_checkpoint_is_rejected()
    {
        var (tenantId, _) = await LogWithRecordsAsync(5);
        var container = new BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(AuditStore.CheckpointContainerName);
        var stored = container.GetBlobClient($"{tenantId}/{5:D12}.json");
        var checkpoint = AuditChain.ParseCheckpoint((await stored.DownloadContentAsync()).Value.Content.ToArray());
        var moved = checkpoint with { Body = checkpoint.Body.Replace("\"sequence\":5", "\"sequence\":4", StringComparison.Ordinal) };
        Assert.NotEqual(checkpoint.Body, moved.Body);

        await stored.UploadAsync(new BinaryData(AuditChain.Serialize(moved)), overwrite: true);
        var read = await fixture.Client.GetGrain<IAuditLogGrain>(tenantId).ReadAsync();

        Assert.False(read.CheckpointsVerified);
        Assert.Equal("The checkpoint for record 5 does not carry a valid signature of the processor's key.", read.Problem);
    }

    [Fact]
    public async Task Concurrent_appends_share_storage_writes_and_keep_one_unbroken_chain()
    {
        var (tenantId, _) = await LogWithRecordsAsync(1);
        var log = fixture.InternalGrains.GetGrain<IAuditLogGrain>(tenantId);

        var stored = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            log.AppendAsync(new AuditRecord { TenantId = tenantId, Action = "test.event", Purpose = $"burst-{i}", Principal = "grid:test" })));
        var read = await fixture.Client.GetGrain<IAuditLogGrain>(tenantId).ReadAsync();
        var blob = new BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(AuditStore.ContainerName).GetAppendBlobClient($"{tenantId}/000000.jsonl");
        var appends = (await blob.GetPropertiesAsync()).Value.BlobCommittedBlockCount;

        Assert.True(read.ChainIntact);
        Assert.Equal(Enumerable.Range(1, 61).Select(i => (long)i), read.Records.Select(r => r.Sequence));
        Assert.Equal(Enumerable.Range(2, 60).Select(i => (long)i), stored.Select(r => r.Sequence).Order());
        Assert.InRange(appends, 2, 60);
    }

    [Fact]
    public async Task The_checkpoint_reminder_signs_a_head_below_the_every_n_mark_and_a_tick_with_nothing_new_signs_nothing()
    {
        var (tenantId, _) = await LogWithRecordsAsync(7); // signed at 5 by the every-N rule; 6 and 7 wait for the reminder
        var reminder = fixture.InternalGrains.GetGrain<IAuditLogGrain>(tenantId).AsReference<IRemindable>();
        var before = await fixture.Client.GetGrain<IAuditLogGrain>(tenantId).ReadAsync();

        await reminder.ReceiveReminder("audit-checkpoint", default);
        var afterTick = await fixture.Client.GetGrain<IAuditLogGrain>(tenantId).ReadAsync();
        await reminder.ReceiveReminder("audit-checkpoint", default);
        var afterIdleTick = await fixture.Client.GetGrain<IAuditLogGrain>(tenantId).ReadAsync();

        Assert.Equal([5L], before.Checkpoints!.Select(c => c.Sequence));
        Assert.Equal([5L, 7L], afterTick.Checkpoints!.Select(c => c.Sequence));
        Assert.Equal(afterTick.Records[6].Hash, afterTick.Checkpoints![1].HeadHash);
        Assert.True(afterTick.CheckpointsVerified, afterTick.Problem);
        Assert.Equal([5L, 7L], afterIdleTick.Checkpoints!.Select(c => c.Sequence));
    }

    [Fact]
    public async Task The_verify_audit_command_passes_an_intact_log_and_fails_one_cut_below_its_checkpoint_or_none_at_all()
    {
        var (tenantId, blob) = await LogWithRecordsAsync(7);
        var operatorEnvironment = new Dictionary<string, string>
        {
            ["Grid__Storage__ConnectionString"] = fixture.ConnectionString,
            ["Grid__Signing__KeyPath"] = fixture.SigningKeyPath,
            ["Grid__LocalEmulator__Start"] = "false",
        };

        var intact = await SiloCli.RunAsync(["verify-audit", tenantId], operatorEnvironment);
        await blob.ReplaceAsync((await blob.ReadAsync()).Take(3));
        var cut = await SiloCli.RunAsync(["verify-audit", tenantId], operatorEnvironment);
        var unknown = await SiloCli.RunAsync(["verify-audit", "t-never-provisioned"], operatorEnvironment);

        Assert.True(intact.ExitCode == 0, intact.Output);
        Assert.Contains($"tenant {tenantId}: 7 records, 1 signed checkpoint (last at record 5)", intact.Output, StringComparison.Ordinal);
        Assert.Contains("INTACT: chain and every checkpoint verify", intact.Output, StringComparison.Ordinal);
        Assert.Equal(1, cut.ExitCode);
        Assert.Contains("BROKEN: The log ends at record 3, but record 5 was signed: records were cut from the log.", cut.Output, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("NOT FOUND: no audit record of tenant t-never-provisioned in this storage", unknown.Output, StringComparison.Ordinal);
    }

    /// <summary>What an insider with storage access can do to the log blob.</summary>
    private sealed class AppendBlobLog(AppendBlobClient blob)
    {
        public async Task<List<AuditRecord>> ReadAsync() =>
            [.. AuditChain.Parse((await blob.DownloadContentAsync()).Value.Content.ToArray())];

        public async Task ReplaceAsync(IEnumerable<AuditRecord> records)
        {
            var text = string.Concat(records.Select(r => AuditChain.Serialize(r) + "\n"));
            await blob.DeleteAsync();
            await blob.CreateAsync();
            await blob.AppendBlockAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        }
    }
}
