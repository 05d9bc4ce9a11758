using System.Security.Cryptography;
using Grid.Calls;
using Grid.Errors;
using Grid.Events;
using Grid.Grains.Events;
using Grid.Grains.Telemetry;
using Grid.Retention;
using Grid.Security.Calls;
using Grid.Storage;
using Grid.Storage.Log;
using Grid.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Grains.Calls;

/// <summary>
/// One recording, orchestrated: the lifecycle (<see cref="CallLifecycle"/>) says what may happen, the writer
/// (<see cref="RecordingWriter"/>) encrypts and stores media through the silo's group-commit log, the seal plan
/// (<see cref="SealPlan"/>) says what a seal writes, <see cref="RecordingFiles"/> reads and deletes the stored
/// recording, <see cref="ContentAccess"/> decides who may open it. A chunk is acknowledged only when its encrypted
/// frame is durable.
/// </summary>
public sealed partial class CallGrain(
    [PersistentState("call", GridGrainStorage.Name)] IPersistentState<CallState> state,
    RecordingWriters writers,
    RecordingFiles files,
    RetentionIndex retentionIndex,
    CallCatalog catalog,
    IOptions<CallLimits> limitOptions,
    GridTime time,
    Grid.Crypto.Signing.ProcessorSigningKey signer,
    Grid.Storage.WormStorage worm,
    ILogger<CallGrain> logger) : Grain, ICallGrain, IRemindable
{
    private readonly CallLimits limits = limitOptions.Value;
    private CallLifecycle Lifecycle => new(state.State);
    private RecordingWriter? writer;

    // What this activation's start wrote to the catalog (terms, direction): the seal rewrites those rows without
    // reading them. Forgotten when the rows are reindexed; another activation reads them.
    private Grid.Storage.IndexedRows? indexedRows;

    private string TenantId => Ids.TenantId;

    private string CallId => Ids.CallId;

    private (string TenantId, string CallId) Ids => field == default ? (field = GridIds.ParseCallKey(this.GetPrimaryKeyString())) : field;

    private CallKeys Keys => field ??= new CallKeys(GrainFactory, TenantId, CallId);

    private EventOutbox Outbox => field ??= new EventOutbox(this, () => state.State.Outbox, state.WriteOrThrowAsync, logger);

    public async Task<CallSummary> StartAsync(CallMetadata metadata, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        CallMetadataRules.Validate(metadata);
        var plaintext = MetadataCodec.Encode(metadata);
        try
        {
            if (Lifecycle.Status != CallStatus.None)
            {
                using var existing = await Keys.OpenAsync(state.State.Header, "start-retry");
                return CryptographicOperations.FixedTimeEquals(existing.MacMetadata(plaintext), state.State.MetadataMac)
                    ? await SummaryAsync()
                    : throw new CallStateException(GridErrorCode.CallAlreadyStarted, "The call was already started with different metadata; use a new call id.");
            }

            await GrainFactory.GetGrain<ITenantGrain>(TenantId).EnsureActiveAsync(cancellationToken);

            // Cancellation is honoured until the first write; from there the start runs to its end.
            cancellationToken.ThrowIfCancellationRequested();
            var opened = await Keys.NewRecordingAsync();
            var now = time.GetUtcNow();
            Lifecycle.Start(opened.Header.Encode(), opened.EncryptMetadata(plaintext), opened.MacMetadata(plaintext), now, metadata.Tags.GetValueOrDefault("category"), await writers.BindAsync(TenantId));
            state.State.MediaBytesPerSecond = PlaybackFile.BytesPerSecondOf(metadata.MediaType) ?? 0;
            await writers.CreateManifestAsync(TenantId, CallId);
            indexedRows = await catalog.StartedAsync(TenantId, CallId, now, metadata);
            Outbox.Add(TenantId, now, new CallStarted(CallId));
            await state.WriteOrThrowAsync();
            writer = writers.Start(TenantId, CallId, opened);
            GridMetrics.ActiveCalls.Add(1);
            CallLog.Started(logger, TenantId, CallId);

            // The seal's state write records the delivery; a crash before it re-delivers call.started with its id.
            await Outbox.DeliverAsync(persistRemoval: false);
            return await SummaryAsync();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public async Task<AppendResult> AppendAsync(long sequence, byte[] data, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        CallLimitRules.ValidateChunk(limits, sequence, data);
        Lifecycle.RequireRecording();
        CallLimitRules.RequireWithinDuration(limits, state.State.StartedAt, time.GetUtcNow());
        highestAppended = Math.Max(highestAppended, sequence);
        if (IsPaused(sequence) && !await AutoResumedAsync(sequence))
        {
            // Secure pause: the chunk is dropped here, before any encryption or write.
            return new AppendResult(sequence, Duplicate: false, Paused: true);
        }

        if (sequence == 0 && state.State.MediaBytesPerSecond == 0 && PlaybackFile.TryReadWaveHeader(data, out var rate, out var header))
        {
            // A WAV file sent as it is: its header says how long the media plays (read once, from the first chunk).
            state.State.MediaBytesPerSecond = rate;
            state.State.MediaHeaderBytes = header;
            await state.WriteOrThrowAsync();
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await (await EnsureWriterAsync("append")).AppendAsync(sequence, data);
        GridMetrics.Acknowledged(result.Duplicate ? 0 : data.Length, started);
        return result;
    }

    public async Task<CallSummary> EndAsync(CancellationToken cancellationToken = default)
    {
        _ = Ids;
        if (!Lifecycle.CanSeal())
        {
            return state.State.Summary!;
        }

        var recording = await EnsureWriterAsync("seal");
        Lifecycle.BeginSeal();
        var plan = SealPlan.From(await recording.SealAsync());
        var sealedAt = time.GetUtcNow();
        var tenant = await GrainFactory.GetGrain<ITenantGrain>(TenantId).GetInfoAsync();
        var policy = tenant.Retention ?? new RetentionPolicy();
        var retainUntil = sealedAt.AddDays(policy.DaysFor(state.State.RetentionCategory));
        await retentionIndex.AddAsync(TenantId, CallId, retainUntil, CancellationToken.None);
        var summary = WithMediaDuration(Annotated(plan.Summary(TenantId, CallId, state.State.StartedAt, sealedAt, retainUntil), recording.Durable));
        await catalog.SealedAsync(summary, indexedRows);
        Lifecycle.Seal(summary);
        state.State.WormPending = tenant.Settings.Worm;
        Outbox.Add(TenantId, sealedAt, new CallSealed(CallId, summary.ChunkCount, summary.MediaBytes));
        if (MediaGaps.MissingMilliseconds(state.State.MediaGaps) is var missing && missing >= limits.GapAlertAfter.TotalMilliseconds)
        {
            Outbox.Add(TenantId, sealedAt, new RecordingGapsExceeded(CallId, missing));
        }
        await state.WriteOrThrowAsync();
        ForgetKeys();
        GridMetrics.ActiveCalls.Add(-1);
        if (state.State.WormPending)
        {
            // WORM mode: the sealed recording goes to write-once storage now (its replica with it).
            await TryMakeImmutableAsync();
        }
        else
        {
            await files.TryReplicateAsync(TenantId, CallId, state.State, logger);
        }

        await GrainFactory.GetGrain<IRetentionGrain>(TenantId).EnsureScheduledAsync();
        CallLog.Sealed(logger, TenantId, CallId, summary.ChunkCount, summary.MediaBytes, summary.Gaps.Count);
        await Outbox.DeliverAsync();
        return state.State.Summary!;
    }

    public async Task<CallSummary> GetSummaryAsync(CancellationToken cancellationToken = default)
    {
        _ = Ids;
        if (Lifecycle.Status != CallStatus.None)
        {
            // A recording that does not exist is not read; the refusal changes nothing.
            await Grid.Grains.Audit.PersonReads.AuditAsync(GrainFactory, TenantId, "recording.read-summary", CallId, time.GetUtcNow());
        }

        return await SummaryAsync();
    }

    public Task<CallSummary> DescribeForCompletenessAsync(CancellationToken cancellationToken = default)
    {
        _ = Ids;
        return SummaryAsync();
    }

    private async Task<CallSummary> SummaryAsync()
    {
        if (Lifecycle.Status is CallStatus.Sealed or CallStatus.Deleted)
        {
            return state.State.Summary!;
        }

        var summary = new CallSummary { TenantId = TenantId, CallId = CallId, Status = Lifecycle.Status, StartedAt = state.State.StartedAt };
        if (Lifecycle.Status == CallStatus.None || Lifecycle.PredatesLog)
        {
            // A layout v1 recording that was never sealed: what it holds is not read (it can still be deleted).
            return summary;
        }

        return Annotated(SealPlan.Progress(summary, (await EnsureWriterAsync("summary")).Durable));
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Outbox.Resume();
        if (Lifecycle.PredatesLog)
        {
            // The layout check: such a recording is refused when its media is needed, never silently read as empty.
            CallLog.LayoutUnsupported(logger, TenantId, CallId, Lifecycle.Status);
        }

        if (state.State.DestroyingPrevious && Lifecycle.Status == CallStatus.Sealed && !state.State.WormPending)
        {
            // A redaction whose original was not yet fully removed (a failure after the switch): finish it now.
            await TryDestroyPreviousAsync();
        }

        if (state.State.WormPending && Lifecycle.Status == CallStatus.Sealed)
        {
            // A WORM tenant's recording that did not reach write-once storage at its seal: now.
            await TryMakeImmutableAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (writer is not null && Lifecycle.Status == CallStatus.Recording)
        {
            // A checkpoint now makes the next activation's recovery a manifest read.
            await writer.TryFlushAsync();
        }

        ForgetKeys();
    }

    public Task<CallSummary> RequestDeletionAsync(CancellationToken cancellationToken = default) => DeleteAsync("request", GridCaller.AuditName);

    public async Task<CallSummary> DeleteAsync(string reason, string principal, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        CallLifecycle.ValidateDeletion(reason, principal);
        if (Lifecycle.Status == CallStatus.Deleted)
        {
            return state.State.Summary!;
        }

        Lifecycle.RequireExisting();
        if (await GrainFactory.GetGrain<ITenantGrain>(TenantId).FindHoldAsync(CallId) is not null)
        {
            return await SummaryAsync();
        }

        var before = await SummaryAsync();
        var now = time.GetUtcNow();
        // Write-once until its policy ends; a recording not yet copied there counts as such until its retention end.
        var writeOnce = ImmutableNow || (state.State.WormPending && state.State.RetainUntil > now);
        var shred = reason == "termination" && (writeOnce || state.State.ImmutableUntil is not null);
        if (!shred && writeOnce)
        {
            if (reason == "retention")
            {
                // Not due for storage yet (its policy ends a moment after the retention end): the next sweep deletes it.
                return before;
            }

            await RecordingFiles.AuditAsync(GrainFactory, TenantId, CallId, "recording.delete-refused", reason, principal, now);
            RequireMutable("deletion");
        }

        try
        {
            if (!shred && state.State.ImmutableUntil is not null)
            {
                // No legal hold covers the call (checked above): a storage hold left from a race goes first.
                await worm.SetLegalHoldAsync(TenantId, CallId, false, CancellationToken.None);
            }

            await files.DeleteAsync(GrainFactory, TenantId, CallId, state.State, now, reason, principal, keepImmutable: shred);
        }
        catch (Azure.RequestFailedException e) when (Grid.Storage.WormStorage.IsImmutableRefusal(e))
        {
            // The storage service refused (a policy or a legal hold the Grid did not expect): a typed, audited outcome.
            await RecordingFiles.AuditAsync(GrainFactory, TenantId, CallId, "recording.delete-refused", $"{reason}: storage {e.ErrorCode}", principal, now);
            CallLog.DeleteRefusedByStorage(logger, TenantId, CallId, e.ErrorCode ?? "409");
            return before;
        }

        await catalog.DeletedAsync(TenantId, CallId, state.State.StartedAt);
        Lifecycle.Delete(before, now, reason);
        Outbox.Add(TenantId, now, new RecordingDeleted(CallId));
        await state.WriteOrThrowAsync();
        ForgetKeys();
        CallLog.Deleted(logger, TenantId, CallId, reason);
        GridMetrics.Deletions.Add(1, new KeyValuePair<string, object?>("reason", reason));
        await Outbox.DeliverAsync();
        return state.State.Summary!;
    }

    public async Task<bool> RewrapKeyAsync(CancellationToken cancellationToken = default)
    {
        _ = Ids;
        if (Lifecycle.Status == CallStatus.Deleted)
        {
            return false;
        }

        Lifecycle.RequireExisting();
        if (await Keys.RewrapAsync(state.State.Header) is not { } rewrapped)
        {
            return false;
        }

        // The grain state is authoritative; the manifest follows, then the replica (a layout v1 recording: the state only).
        await (writer?.FlushAsync() ?? Task.CompletedTask);
        state.State.Header = rewrapped;
        await state.WriteOrThrowAsync();
        if (state.State.ImmutableUntil is not null || state.State.WormPending)
        {
            // Write-once storage keeps the stored copy as written (also past its policy, under a storage legal hold);
            // the grain state, which every reader unwraps, holds the new wrap.
            CallLog.Rewrapped(logger, TenantId, CallId);
            return true;
        }

        await files.RewriteHeaderAsync(TenantId, CallId, state.State);
        if (Lifecycle.Status == CallStatus.Sealed && !Lifecycle.PredatesLog)
        {
            await files.TryReplicateAsync(TenantId, CallId, state.State, logger);
        }

        CallLog.Rewrapped(logger, TenantId, CallId);
        return true;
    }

    private async Task<RecordingWriter> EnsureWriterAsync(string purpose)
    {
        Lifecycle.RequireLogLayout();
        return writer ??= await writers.RecoverAsync(TenantId, CallId, await Keys.OpenAsync(state.State.Header, purpose), await BindLaneAsync());
    }

    /// <summary>The lanes to recover from; this silo's lanes are added (and persisted) before a frame goes there.</summary>
    private async Task<List<LogPosition>> BindLaneAsync()
    {
        var lanes = state.State.Lanes.ToList();
        var here = (await writers.BindAsync(TenantId)).Where(h => !lanes.Exists(l => l.Lane == h.Lane)).ToList();
        if (Lifecycle.Status == CallStatus.Recording && here.Count > 0)
        {
            state.State.Lanes.AddRange(here);
            await state.WriteOrThrowAsync();
        }

        return lanes;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == EventOutbox.ReminderName ? Outbox.OnReminderAsync() : Task.CompletedTask;

    private void ForgetKeys()
    {
        writer?.Dispose();
        writer = null;
    }
}
