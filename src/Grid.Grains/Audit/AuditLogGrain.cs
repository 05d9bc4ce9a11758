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
    [PersistentState("audit-log", GridGrainStorage.Name)] IPersistentState<AuditLogState> state,
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
    private int createdSegment = -1;
    private readonly List<PendingRecord> queue = [];
    private Task? writer;

    private string TenantId => field ??= GridIds.RequireTenantId(this.GetPrimaryKeyString());

    private Grid.Grains.Events.EventOutbox Outbox => field ??= new(this, () => state.State.Outbox, state.WriteOrThrowAsync, logger);

    /// <summary>
    /// Group commit: appends that arrive while a write is in flight wait and go out together in the next write (one
    /// storage append for all of them). Each caller returns only when its record is durable. Sequence numbers and
    /// hashes are assigned when a batch is written, so a failed write leaves no hole in the chain.
    /// </summary>
    public async Task<AuditRecord> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        var pending = new PendingRecord(record, new TaskCompletionSource<AuditRecord>(TaskCreationOptions.RunContinuationsAsynchronously));
        queue.Add(pending);
        if (writer is not { IsCompleted: false })
        {
            writer = WriteQueuedAsync();
        }

        return await pending.Completion.Task;
    }

    private async Task WriteQueuedAsync()
    {
        while (queue.Count > 0)
        {
            var batch = queue.ToList();
            queue.Clear();
            try
            {
                await WriteBatchAsync(batch);
            }
            catch (Exception e)
            {
                // Not durable: forget the head (an append whose answer was lost may have landed) and fail the batch.
                lastSequence = -1;
                createdSegment = -1;
                foreach (var item in batch)
                {
                    item.Completion.TrySetException(e);
                }
            }
        }
    }

    private async Task WriteBatchAsync(List<PendingRecord> batch)
    {
        await EnsureHeadAsync();
        var entries = new List<AuditRecord>(batch.Count);
        var (sequence, hash) = (lastSequence, lastHash);
        foreach (var item in batch)
        {
            var entry = item.Record with
            {
                TenantId = TenantId,
                At = item.Record.At == default ? time.GetUtcNow() : item.Record.At,
                Sequence = ++sequence,
                PreviousHash = hash,
                Hash = string.Empty,
            };
            entry = entry with { Hash = AuditChain.HashOf(entry) };
            hash = entry.Hash;
            entries.Add(entry);
        }

        // One append per log segment touched (a batch crosses a segment boundary at most once in practice).
        foreach (var group in entries.GroupBy(e => AuditStore.SegmentOf(e.Sequence)))
        {
            var lines = Encoding.UTF8.GetBytes(string.Concat(group.Select(e => AuditChain.Serialize(e) + "\n")));
            await store.AppendAsync(TenantId, group.Key, lines, createSegment: group.Key != createdSegment, time.GetUtcNow(), CancellationToken.None);
            createdSegment = group.Key;
        }

        lastSequence = sequence;
        lastHash = hash;
        head = entries[^1];
        if (lastSequence - checkpointedSequence >= options.Value.CheckpointEvery)
        {
            await CheckpointAsync();
        }
        else if (!reminderRegistered)
        {
            // The head must not stay unsigned for longer than the interval while it moves.
            reminderRegistered = true;
            await this.RegisterOrUpdateReminder(CheckpointReminder, options.Value.CheckpointInterval, options.Value.CheckpointInterval);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(entries[i]);
        }
    }

    public async Task<AuditLogReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var records = new List<AuditRecord>();
        foreach (var segment in await store.ListSegmentsAsync(TenantId, cancellationToken))
        {
            records.AddRange(AuditChain.Parse(await store.ReadSegmentAsync(TenantId, segment, cancellationToken)));
        }

        var checkpoints = (await store.ReadCheckpointsAsync(TenantId, cancellationToken)).Select(AuditChain.ParseCheckpoint).ToList();
        var (intact, broken) = AuditChain.VerifyChain(records);
        var problem = intact
            ? AuditChain.VerifyCheckpoints(TenantId, records, checkpoints, signer.PublicKeyPem)
            : $"Record {broken} does not verify: its hash or its link to the previous record is wrong.";
        return new AuditLogReadResult(records, intact, broken, checkpoints, intact && problem is null, problem);
    }

    public async Task<AuditExport> ExportAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default)
    {
        if (from is not null && to is not null && from >= to)
        {
            throw new Grid.Errors.GridValidationException("An audit export's period starts before it ends.");
        }

        var lines = new List<string>();
        foreach (var segment in await store.ListSegmentsAsync(TenantId, cancellationToken))
        {
            var segmentLines = Encoding.UTF8.GetString(await store.ReadSegmentAsync(TenantId, segment, cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var records = segmentLines.Select(line => AuditChain.Parse(Encoding.UTF8.GetBytes(line)).Single()).ToList();
            if (from is not null && (records.Count == 0 || records[^1].At < from))
            {
                // A whole segment before the period: the export starts at a segment's first record.
                continue;
            }

            for (var i = 0; i < records.Count && (to is null || records[i].At < to); i++)
            {
                lines.Add(segmentLines[i]);
            }
        }

        var first = lines.Count == 0 ? 0 : AuditChain.Parse(Encoding.UTF8.GetBytes(lines[0])).Single().Sequence;
        var last = first + lines.Count - 1;
        var checkpoints = (await store.ReadCheckpointsAsync(TenantId, cancellationToken))
            .Select(json => (Json: Encoding.UTF8.GetString(json), Checkpoint: AuditChain.ParseCheckpoint(json)))
            .Where(c => lines.Count > 0 && c.Checkpoint.Sequence >= first && c.Checkpoint.Sequence <= last)
            .OrderBy(c => c.Checkpoint.Sequence)
            .Select(c => c.Json)
            .ToList();
        return new AuditExport { TenantId = TenantId, Records = lines, Checkpoints = checkpoints, PublicKeyPem = signer.PublicKeyPem };
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == Grid.Grains.Events.EventOutbox.ReminderName)
        {
            await Outbox.OnReminderAsync();
            return;
        }

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
        await store.WriteCheckpointAsync(TenantId, checkpoint.Sequence, AuditChain.Serialize(checkpoint), checkpoint.At, CancellationToken.None);
        checkpointedSequence = checkpoint.Sequence;
        LogCheckpoint(logger, TenantId, checkpoint.Sequence);
        await AnnounceAsync([checkpoint]);
    }

    /// <summary>
    /// Announces checkpoints (durable before this): each event's id is derived from the checkpoint, so announcing one
    /// again (after a crash before the outbox write) yields the same id, which receivers de-duplicate.
    /// </summary>
    private async Task AnnounceAsync(IReadOnlyList<AuditCheckpoint> checkpoints)
    {
        foreach (var checkpoint in checkpoints.Where(c => c.Sequence > state.State.AnnouncedThrough))
        {
            Outbox.Add(TenantEventEnvelope.Derived(TenantId, checkpoint.At, new AuditCheckpointSigned(checkpoint.Sequence), checkpoint.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            state.State.AnnouncedThrough = checkpoint.Sequence;
        }

        try
        {
            await state.WriteOrThrowAsync();
        }
        catch (Grid.Errors.StorageUnavailableException e)
        {
            // The checkpoint is durable; the next activation announces it (same id).
            LogPublishFailed(logger, TenantId, e.GetType().Name);
            return;
        }

        await Outbox.DeliverAsync();
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
        if (!state.RecordExists)
        {
            // A log older than its outbox: its checkpoints were announced when they were made.
            state.State.AnnouncedThrough = checkpointedSequence;
        }
        else if (checkpointedSequence > state.State.AnnouncedThrough)
        {
            var unannounced = (await store.ReadCheckpointsAsync(TenantId, CancellationToken.None)).Select(AuditChain.ParseCheckpoint).ToList();
            await AnnounceAsync(unannounced);
        }
        else
        {
            Outbox.Resume();
        }
    }

    private sealed record PendingRecord(AuditRecord Record, TaskCompletionSource<AuditRecord> Completion);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Audit log of tenant {TenantId} checkpointed at record {Sequence}")]
    private static partial void LogCheckpoint(ILogger logger, string tenantId, long sequence);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Audit checkpoint notice for tenant {TenantId} not written to the outbox ({Error}); the next activation announces it")]
    private static partial void LogPublishFailed(ILogger logger, string tenantId, string error);
}
