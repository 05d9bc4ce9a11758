using System.Text;
using Grid.Audit;
using Grid.Crypto.Signing;
using Grid.Events;
using Grid.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Grains.Audit;

/// <summary>
/// A tenant's audit log: the single writer of its hash chain. Every record carries the SHA-256 of the previous
/// one, so removing, reordering or editing any record breaks the chain from there on. The chain head is recovered
/// from storage on activation (no separate state to drift from the log). The head is signed (a checkpoint, stored
/// apart and published to the tenant) every <see cref="AuditOptions.CheckpointEvery"/> records and at least every
/// <see cref="AuditOptions.CheckpointInterval"/> while the log grows, so even the processor cannot recompute or cut
/// the chain unnoticed.
/// </summary>
public sealed partial class AuditLogGrain(
    AuditStore store,
    ProcessorSigningKey signer,
    IOptions<AuditOptions> options,
    GridTime time,
    ILogger<AuditLogGrain> logger) : Grain, IAuditLogGrain, IRemindable
{
    private const string CheckpointReminder = "audit-checkpoint";

    private long lastSequence = -1;
    private string lastHash = AuditChain.GenesisHash;
    private AuditRecord? head;
    private long checkpointedSequence;
    private bool reminderRegistered;

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
        entry = entry with { Hash = AuditChain.HashOf(entry) };
        var line = Encoding.UTF8.GetBytes(AuditChain.Serialize(entry) + "\n");
        await store.AppendAsync(TenantId, AuditStore.SegmentOf(entry.Sequence), line, CancellationToken.None);
        lastSequence = entry.Sequence;
        lastHash = entry.Hash;
        head = entry;
        if (lastSequence - checkpointedSequence >= options.Value.CheckpointEvery)
        {
            await CheckpointAsync();
        }
        else if (!reminderRegistered)
        {
            // The head must not stay unsigned for longer than the interval while it moves.
            await this.RegisterOrUpdateReminder(CheckpointReminder, options.Value.CheckpointInterval, options.Value.CheckpointInterval);
            reminderRegistered = true;
        }

        return entry;
    }

    public async Task<AuditLogReadResult> ReadAsync()
    {
        var records = new List<AuditRecord>();
        foreach (var segment in await store.ListSegmentsAsync(TenantId, CancellationToken.None))
        {
            records.AddRange(AuditChain.Parse(await store.ReadSegmentAsync(TenantId, segment, CancellationToken.None)));
        }

        var checkpoints = (await store.ReadCheckpointsAsync(TenantId, CancellationToken.None)).Select(AuditChain.ParseCheckpoint).ToList();
        var (intact, broken) = AuditChain.VerifyChain(records);
        var problem = intact
            ? AuditChain.VerifyCheckpoints(TenantId, records, checkpoints, signer.PublicKeyPem)
            : $"Record {broken} does not verify: its hash or its link to the previous record is wrong.";
        return new AuditLogReadResult(records, intact, broken, checkpoints, intact && problem is null, problem);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await EnsureHeadAsync();
        if (lastSequence > checkpointedSequence)
        {
            await CheckpointAsync();
        }
        else if (await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            reminderRegistered = false;
        }
    }

    private async Task CheckpointAsync()
    {
        if (head is null)
        {
            return;
        }

        var checkpoint = AuditChain.Sign(head, time.GetUtcNow(), signer);
        await store.WriteCheckpointAsync(TenantId, checkpoint.Sequence, AuditChain.Serialize(checkpoint), CancellationToken.None);
        checkpointedSequence = checkpoint.Sequence;
        LogCheckpoint(logger, TenantId, checkpoint.Sequence);
        try
        {
            var stream = this.GetStreamProvider(GridStreams.ProviderName)
                .GetStream<CallEvent>(StreamId.Create(GridStreams.TenantEventsNamespace, TenantId));
            await stream.OnNextAsync(new CallEvent { Kind = CallEventKind.AuditCheckpoint, TenantId = TenantId, CallId = string.Empty, At = checkpoint.At, AuditSequence = checkpoint.Sequence });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The checkpoint is durable; the notice is best effort (the tenant can read checkpoints with the log).
            LogPublishFailed(logger, TenantId, e.GetType().Name);
        }
    }

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
            var tail = AuditChain.Parse(await store.ReadSegmentAsync(TenantId, segments[^1], CancellationToken.None)).LastOrDefault();
            if (tail is not null)
            {
                lastSequence = tail.Sequence;
                lastHash = tail.Hash;
                head = tail;
            }
        }

        checkpointedSequence = await store.LastCheckpointSequenceAsync(TenantId, CancellationToken.None);
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Audit log of tenant {TenantId} checkpointed at record {Sequence}")]
    private static partial void LogCheckpoint(ILogger logger, string tenantId, long sequence);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Audit checkpoint notice for tenant {TenantId} not published: {Error}")]
    private static partial void LogPublishFailed(ILogger logger, string tenantId, string error);
}
