using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Grid.Calls;
using Grid.Crypto.Format;
using Grid.Grains.Telemetry;
using Grid.Errors;
using Grid.Events;
using Grid.Audit;
using Grid.Keys;
using Grid.Retention;
using Grid.Security;
using Grid.Security.Calls;
using Grid.Storage;
using Grid.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Grains.Calls;

/// <summary>
/// One recording. Every chunk is encrypted (segmented AES-256-GCM, docs/recording-format.md) before it leaves this
/// grain and is acknowledged only after the encrypted block is durable in Blob storage. The grain state holds the
/// header (with the wrapped data key), the encrypted metadata and counts; which chunks are stored is read back
/// from the blob block lists on reactivation, so appends cost one storage write each.
/// </summary>
public sealed partial class CallGrain(
    [PersistentState("call", GridGrainStorage.Name)] IPersistentState<CallState> state,
    RecordingStore store,
    RetentionIndex retentionIndex,
    RecordingReplica replica,
    DeletionLog deletionLog,
    IOptions<CallLimits> limitOptions,
    GridTime time,
    ILogger<CallGrain> logger) : Grain, ICallGrain
{
    private readonly CallLimits limits = limitOptions.Value;
    private RecordingCipher? cipher;
    private Dictionary<long, ChunkRecord>? chunks;

    private string TenantId => Ids.TenantId;

    private string CallId => Ids.CallId;

    private (string TenantId, string CallId) Ids => field == default ? (field = GridIds.ParseCallKey(this.GetPrimaryKeyString())) : field;

    public async Task<CallSummary> StartAsync(CallMetadata metadata)
    {
        _ = Ids;
        CallMetadataRules.Validate(metadata);
        var plaintext = MetadataCodec.Encode(metadata);
        try
        {
            if (state.State.Status != CallStatus.None)
            {
                var existing = await EnsureCipherAsync("start-retry");
                if (!CryptographicOperations.FixedTimeEquals(existing.MacMetadata(plaintext), state.State.MetadataMac))
                {
                    throw new CallStateException(GridErrorCode.CallAlreadyStarted, "The call was already started with different metadata; use a new call id.");
                }

                return await GetSummaryAsync();
            }

            await GrainFactory.GetGrain<ITenantGrain>(TenantId).EnsureActiveAsync();

            var dataKey = RecordingKeys.NewDataKey();
            RecordingCipher opened;
            try
            {
                var wrapped = await GrainFactory.GetGrain<ITenantKeyGrain>(TenantId).WrapAsync(CallId, dataKey, new KeyUse("new-recording", GridCaller.AuditName));
                var header = RecordingHeader.Create(TenantId, CallId, wrapped, dataKey);
                opened = RecordingCipher.Open(header, dataKey);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(dataKey);
            }

            var headerBytes = opened.Header.Encode();
            await store.StageBlockAsync(TenantId, CallId, 0, RecordingLayout.HeaderBlockId, headerBytes, CancellationToken.None);

            state.State.Status = CallStatus.Recording;
            state.State.Header = headerBytes;
            state.State.SealedMetadata = opened.EncryptMetadata(plaintext);
            state.State.MetadataMac = opened.MacMetadata(plaintext);
            state.State.Parts = [0];
            state.State.StartedAt = time.GetUtcNow();
            state.State.RetentionCategory = metadata.Tags.TryGetValue("category", out var category) ? category : null;
            await WriteStateAsync();

            cipher = opened;
            chunks = [];
            GridMetrics.ActiveCalls.Add(1);
            LogStarted(logger, TenantId, CallId);
            await PublishAsync(new CallEvent { Kind = CallEventKind.CallStarted, TenantId = TenantId, CallId = CallId, At = state.State.StartedAt.Value });
            return await GetSummaryAsync();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public async Task<AppendResult> AppendAsync(long sequence, byte[] data)
    {
        _ = Ids;
        if (data is null || data.Length == 0)
        {
            throw new GridValidationException("A chunk holds at least one byte of media.");
        }

        if (sequence < 0)
        {
            throw new GridValidationException("A sequence number is 0 or more.");
        }

        if (sequence > limits.MaxSequenceNumber)
        {
            throw new GridLimitExceededException(GridErrorCode.CallTooLong, $"Sequence number {sequence} is above the configured maximum {limits.MaxSequenceNumber}; end this call and start a new one.");
        }

        if (data.Length > limits.MaxChunkBytes)
        {
            throw new GridLimitExceededException(GridErrorCode.ChunkTooLarge, $"A chunk of {data.Length} bytes is larger than the configured maximum of {limits.MaxChunkBytes}; send smaller chunks.");
        }

        RequireRecording();
        if (time.GetUtcNow() - state.State.StartedAt > limits.MaxCallDuration)
        {
            throw new GridLimitExceededException(GridErrorCode.CallTooLong, $"The call has recorded longer than the configured maximum of {limits.MaxCallDuration}; end it and start a new one.");
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var known = await EnsureRecoveredAsync();
        var recording = await EnsureCipherAsync("append");
        var tag = recording.TagChunk(sequence, data);
        if (known.TryGetValue(sequence, out var record))
        {
            if (record.Length != data.Length || !CryptographicOperations.FixedTimeEquals(record.Tag, tag))
            {
                throw new CallStateException(GridErrorCode.ChunkConflict, $"Chunk {sequence} was already received with different content; a retry must resend the same bytes.");
            }

            if (record.Durable)
            {
                return new AppendResult(sequence, Duplicate: true);
            }
        }
        else
        {
            // Remember the content before the first write attempt: a retry after an ambiguous failure must carry
            // the same bytes, so a segment nonce is never used for two different plaintexts.
            known[sequence] = new ChunkRecord(data.Length, tag, Durable: false);
        }

        var encryptStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        var frame = recording.EncryptData(sequence, data);
        GridMetrics.EncryptDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(encryptStarted).TotalMicroseconds);
        var part = RecordingLayout.PartOf(sequence, store.SegmentsPerPart);
        await store.StageBlockAsync(TenantId, CallId, part, RecordingLayout.DataBlockId(sequence, tag), frame, CancellationToken.None);
        if (!state.State.Parts.Contains(part))
        {
            state.State.Parts.Add(part);
            state.State.Parts.Sort();
            await WriteStateAsync();
        }

        known[sequence] = new ChunkRecord(data.Length, tag, Durable: true);
        GridMetrics.BytesIngested.Add(data.Length);
        GridMetrics.ChunksIngested.Add(1);
        GridMetrics.AppendDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new AppendResult(sequence, Duplicate: false);
    }

    public async Task<CallSummary> EndAsync()
    {
        _ = Ids;
        switch (state.State.Status)
        {
            case CallStatus.None:
                throw new CallStateException(GridErrorCode.CallNotStarted, "The call was never started; start it before ending it.");
            case CallStatus.Sealed:
                return state.State.Summary!;
            case CallStatus.Deleted:
                throw new RecordingDeletedException(state.State.DeletedAt!.Value, state.State.DeletionReason ?? "deleted");
        }

        SortedDictionary<long, StoredChunk>? blocks = null;
        if (!state.State.Sealing)
        {
            // Fix the final segment before writing it, so a retried seal after a crash writes the same bytes.
            // No append can interleave from here on (the grain is not reentrant and Sealing refuses appends), so
            // this one read of the block lists also serves the commit below.
            blocks = await ReadStoredChunksAsync();
            var trailer = RecordingTrailer.FromSegments(blocks.Keys, blocks.Values.Sum(c => c.Length));
            state.State.Trailer = trailer.Encode();
            state.State.Sealing = true;
            await WriteStateAsync();
        }

        var final = RecordingTrailer.Decode(state.State.Trailer);
        var frame = (await EnsureCipherAsync("seal")).EncryptFinal(final);
        var lastPart = state.State.Parts[^1];
        await store.StageBlockAsync(TenantId, CallId, lastPart, RecordingLayout.FinalBlockId, frame, CancellationToken.None);

        blocks ??= await ReadStoredChunksAsync();
        var sequences = final.Present.SelectMany(r => Enumerable.Range(0, checked((int)r.Count)).Select(i => r.First + i)).ToList();
        var missing = sequences.Where(s => !blocks.ContainsKey(s)).ToList();
        if (missing.Count > 0)
        {
            throw new RecordingCorruptException($"{missing.Count} acknowledged chunks are missing from storage (first: {missing[0]}); restore from a replica before sealing.");
        }

        foreach (var part in state.State.Parts)
        {
            var blockIds = new List<string>();
            if (part == 0)
            {
                blockIds.Add(RecordingLayout.HeaderBlockId);
            }

            blockIds.AddRange(sequences.Where(s => RecordingLayout.PartOf(s, store.SegmentsPerPart) == part).Select(s => blocks[s].BlockId));
            if (part == lastPart)
            {
                blockIds.Add(RecordingLayout.FinalBlockId);
            }

            await store.CommitAsync(TenantId, CallId, part, blockIds, CancellationToken.None);
        }

        var sealedAt = time.GetUtcNow();
        var policy = (await GrainFactory.GetGrain<ITenantGrain>(TenantId).GetInfoAsync()).Retention ?? new RetentionPolicy();
        var retainUntil = sealedAt.AddDays(policy.DaysFor(state.State.RetentionCategory));
        await retentionIndex.AddAsync(TenantId, CallId, retainUntil, CancellationToken.None);
        state.State.RetainUntil = retainUntil;
        var summary = new CallSummary
        {
            TenantId = TenantId,
            CallId = CallId,
            Status = CallStatus.Sealed,
            ChunkCount = final.SegmentCount,
            MediaBytes = final.MediaBytes,
            FirstSequence = final.Present.Count == 0 ? null : final.Present[0].First,
            LastSequence = final.Present.Count == 0 ? null : final.Present[^1].Last,
            Gaps = GapsOf(final.Present),
            StartedAt = state.State.StartedAt,
            SealedAt = sealedAt,
            RetainUntil = retainUntil,
        };
        state.State.Status = CallStatus.Sealed;
        state.State.Sealing = false;
        state.State.Summary = summary;
        await WriteStateAsync();

        ForgetKeys();
        GridMetrics.ActiveCalls.Add(-1);
        await ReplicateAsync();
        await GrainFactory.GetGrain<IRetentionGrain>(TenantId).EnsureScheduledAsync();
        LogSealed(logger, TenantId, CallId, summary.ChunkCount, summary.MediaBytes, summary.Gaps.Count);
        await PublishAsync(new CallEvent
        {
            Kind = CallEventKind.CallSealed,
            TenantId = TenantId,
            CallId = CallId,
            At = sealedAt,
            ChunkCount = summary.ChunkCount,
            MediaBytes = summary.MediaBytes,
        });
        return summary;
    }

    public async Task<CallSummary> GetSummaryAsync()
    {
        _ = Ids;
        if (state.State.Status is CallStatus.Sealed or CallStatus.Deleted)
        {
            return state.State.Summary!;
        }

        var summary = new CallSummary { TenantId = TenantId, CallId = CallId, Status = state.State.Status, StartedAt = state.State.StartedAt };
        if (state.State.Status == CallStatus.None)
        {
            return summary;
        }

        var durable = (await EnsureRecoveredAsync()).Where(c => c.Value.Durable).ToList();
        return summary with
        {
            ChunkCount = durable.Count,
            MediaBytes = durable.Sum(c => (long)c.Value.Length),
            FirstSequence = durable.Count == 0 ? null : durable.Min(c => c.Key),
            LastSequence = durable.Count == 0 ? null : durable.Max(c => c.Key),
        };
    }

    /// <summary>
    /// Orleans runs an <see cref="IAsyncEnumerable{T}"/> method through a grain extension, and later pages in other
    /// calls: the verified caller is captured here, when the enumeration starts under the authorization filter.
    /// </summary>
    public IAsyncEnumerable<byte[]> ReadMediaAsync(CancellationToken cancellationToken = default) =>
        ReadMediaAsync(GridCaller.Principal, cancellationToken);

    private async IAsyncEnumerable<byte[]> ReadMediaAsync(GridPrincipal? principal, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var purpose = await AuthorizeContentAsync(principal, "playback");
        RequireSealed();
        await using var stream = store.OpenRead(TenantId, CallId, state.State.Parts);
        var use = new KeyUse(purpose, principal?.Subject ?? GridCaller.AuditName);
        await using var segments = RecordingReader.ReadAsync(stream, (header, _) => UnwrapForPlaybackAsync(header, use), cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            byte[] chunk;
            try
            {
                if (!await segments.MoveNextAsync())
                {
                    yield break;
                }

                chunk = segments.Current.Data;
            }
            catch (RecordingFormatException e)
            {
                LogCorrupt(logger, TenantId, CallId, e.Error);
                throw new RecordingCorruptException($"The stored recording failed its integrity check ({e.Error}); it may have been tampered with or damaged. Restore it from a replica.");
            }
            catch (Azure.RequestFailedException e) when (e.Status == 404)
            {
                throw new RecordingCorruptException("A part of the stored recording is missing. Restore it from a replica.");
            }

            yield return chunk;
        }
    }

    public async Task<CallMetadata> GetMetadataAsync()
    {
        var principal = GridCaller.Principal;
        var purpose = await AuthorizeContentAsync(principal, "metadata");
        switch (state.State.Status)
        {
            case CallStatus.None:
                throw new RecordingNotFoundException("No recording exists under this call id.");
            case CallStatus.Deleted:
                throw new RecordingDeletedException(state.State.DeletedAt!.Value, state.State.DeletionReason ?? "deleted");
        }

        var header = RecordingHeader.Decode(state.State.Header).Header;
        var dataKey = await GrainFactory.GetGrain<ITenantKeyGrain>(TenantId).UnwrapAsync(CallId, header.Envelope, new KeyUse(purpose, GridCaller.AuditName));
        try
        {
            using var reader = RecordingCipher.Open(header, dataKey);
            return MetadataCodec.Decode(reader.DecryptMetadata(state.State.SealedMetadata));
        }
        catch (RecordingFormatException e)
        {
            throw new RecordingCorruptException($"The stored metadata failed its integrity check ({e.Error}).");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        ForgetKeys();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Content access for the verified caller (null: the Grid's own workflow, such as the self-test). Returns the
    /// key-use purpose to audit; a refusal is audited with the verified subject, then thrown.
    /// </summary>
    private async Task<string> AuthorizeContentAsync(GridPrincipal? principal, string purpose)
    {
        _ = Ids;
        var tenant = GrainFactory.GetGrain<ITenantGrain>(TenantId);
        var decision = await ContentAccess.DecideAsync(principal, state.State.Status != CallStatus.None, tenant, CallId, purpose);
        if (decision.Refusal is { } refusal)
        {
            if (principal is not null)
            {
                await GrainFactory.GetGrain<IAuditLogGrain>(TenantId).AppendAsync(new AuditRecord
                {
                    TenantId = TenantId,
                    Action = "access.refused",
                    Purpose = purpose,
                    Principal = principal.Subject,
                    CallId = CallId,
                });
            }

            throw refusal;
        }

        return decision.Purpose;
    }

    public Task<CallSummary> RequestDeletionAsync() => DeleteAsync("request", GridCaller.AuditName);

    public async Task<CallSummary> DeleteAsync(string reason, string principal)
    {
        _ = Ids;
        if (reason is not ("retention" or "termination" or "request") || string.IsNullOrEmpty(principal))
        {
            throw new GridValidationException("A deletion names its reason (retention, termination or request) and principal.");
        }

        switch (state.State.Status)
        {
            case CallStatus.None:
                throw new RecordingNotFoundException("No recording exists under this call id.");
            case CallStatus.Deleted:
                return state.State.Summary!;
        }

        if (await GrainFactory.GetGrain<ITenantGrain>(TenantId).FindHoldAsync(CallId) is not null)
        {
            return await GetSummaryAsync();
        }

        var before = await GetSummaryAsync();
        var now = time.GetUtcNow();
        var objects = string.Join('\n', state.State.Parts.Select(p => $"{RecordingLayout.ContainerName(TenantId)}/{RecordingLayout.PartBlobName(CallId, p)}"));
        await GrainFactory.GetGrain<IAuditLogGrain>(TenantId).AppendAsync(new AuditRecord
        {
            TenantId = TenantId,
            At = now,
            Action = "recording.delete",
            Purpose = reason,
            Principal = principal,
            CallId = CallId,
        });
        await store.DeleteRecordingAsync(TenantId, CallId, state.State.Parts, CancellationToken.None);
        await replica.DeleteAsync(TenantId, CallId, state.State.Parts, CancellationToken.None);
        await deletionLog.RecordAsync(TenantId, CallId, now, reason, Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(objects))), CancellationToken.None);
        if (state.State.RetainUntil is { } retainUntil)
        {
            await retentionIndex.RemoveAsync(TenantId, CallId, retainUntil, CancellationToken.None);
        }

        state.State.Status = CallStatus.Deleted;
        state.State.Sealing = false;
        state.State.DeletedAt = now;
        state.State.DeletionReason = reason;
        state.State.Header = null;
        state.State.SealedMetadata = null;
        state.State.MetadataMac = null;
        state.State.Trailer = null;
        state.State.Parts = [];
        state.State.Summary = before with { Status = CallStatus.Deleted, DeletedAt = now };
        await WriteStateAsync();
        ForgetKeys();
        LogDeleted(logger, TenantId, CallId, reason);
        GridMetrics.Deletions.Add(1, new KeyValuePair<string, object?>("reason", reason));
        await PublishAsync(new CallEvent { Kind = CallEventKind.RecordingDeleted, TenantId = TenantId, CallId = CallId, At = now });
        return state.State.Summary;
    }

    /// <summary>
    /// The stored header must be this recording's (same bound section); the key envelope in grain state is
    /// authoritative, so a re-wrap interrupted between state and blob never blocks playback.
    /// </summary>
    private async Task<byte[]> UnwrapForPlaybackAsync(RecordingHeader stored, KeyUse use)
    {
        var expected = RecordingHeader.Decode(state.State.Header).Header;
        if (!stored.AssociatedData.AsSpan().SequenceEqual(expected.AssociatedData))
        {
            throw new RecordingFormatException(RecordingFormatError.BadHeader, "The stored header is not this recording's header.");
        }

        return await GrainFactory.GetGrain<ITenantKeyGrain>(TenantId).UnwrapAsync(CallId, expected.Envelope, use);
    }

    public async Task<bool> RewrapKeyAsync()
    {
        _ = Ids;
        switch (state.State.Status)
        {
            case CallStatus.None:
                throw new RecordingNotFoundException("No recording exists under this call id.");
            case CallStatus.Deleted:
                return false;
        }

        var keys = GrainFactory.GetGrain<ITenantKeyGrain>(TenantId);
        var header = RecordingHeader.Decode(state.State.Header).Header;
        var current = (await keys.GetInfoAsync()).Current;
        if (header.Envelope.Key == current)
        {
            return false;
        }

        var use = new KeyUse("rewrap", "grid:key-rotation");
        var dataKey = await keys.UnwrapAsync(CallId, header.Envelope, use);
        WrappedKey wrapped;
        byte[] headerBytes;
        try
        {
            wrapped = await keys.WrapAsync(CallId, dataKey, use);
            headerBytes = header.WithEnvelope(wrapped, dataKey).Encode();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }

        state.State.Header = headerBytes;
        await WriteStateAsync();

        // The stored header follows: restage it; a sealed part 0 is re-committed with the same data blocks.
        await store.StageBlockAsync(TenantId, CallId, 0, RecordingLayout.HeaderBlockId, headerBytes, CancellationToken.None);
        if (state.State.Status == CallStatus.Sealed)
        {
            var committed = await store.GetCommittedBlockIdsAsync(TenantId, CallId, 0, CancellationToken.None);
            await store.CommitAsync(TenantId, CallId, 0, committed, CancellationToken.None);
            await ReplicateAsync();
        }

        LogRewrapped(logger, TenantId, CallId, header.Envelope.Key.Version, wrapped.Key.Version);
        return true;
    }

    private void RequireRecording()
    {
        switch (state.State.Status)
        {
            case CallStatus.None:
                throw new CallStateException(GridErrorCode.CallNotStarted, "The call was never started; start it before sending media.");
            case CallStatus.Sealed:
                throw new CallStateException(GridErrorCode.CallSealed, "The call is sealed; no more media is accepted.");
            case CallStatus.Deleted:
                throw new RecordingDeletedException(state.State.DeletedAt!.Value, state.State.DeletionReason ?? "deleted");
        }

        if (state.State.Sealing)
        {
            throw new CallStateException(GridErrorCode.CallSealed, "The call is being sealed; no more media is accepted.");
        }
    }

    private void RequireSealed()
    {
        switch (state.State.Status)
        {
            case CallStatus.None:
                throw new RecordingNotFoundException("No recording exists under this call id.");
            case CallStatus.Deleted:
                throw new RecordingDeletedException(state.State.DeletedAt!.Value, state.State.DeletionReason ?? "deleted");
            case CallStatus.Recording:
                throw new CallStateException(GridErrorCode.CallNotSealed, "The call is still recording; it can be played back once it has ended.");
        }
    }

    private async Task<RecordingCipher> EnsureCipherAsync(string purpose)
    {
        if (cipher is null)
        {
            var header = RecordingHeader.Decode(state.State.Header).Header;
            var dataKey = await GrainFactory.GetGrain<ITenantKeyGrain>(TenantId).UnwrapAsync(CallId, header.Envelope, new KeyUse(purpose, GridCaller.AuditName));
            try
            {
                cipher = RecordingCipher.Open(header, dataKey);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(dataKey);
            }
        }

        return cipher;
    }

    private async Task<Dictionary<long, ChunkRecord>> EnsureRecoveredAsync()
    {
        if (chunks is null)
        {
            var stored = await ReadStoredChunksAsync();
            chunks = stored.ToDictionary(c => c.Key, c => new ChunkRecord(checked((int)c.Value.Length), c.Value.Tag, Durable: true));
        }

        return chunks;
    }

    /// <summary>The data chunks in storage, ascending by sequence number.</summary>
    private async Task<SortedDictionary<long, StoredChunk>> ReadStoredChunksAsync()
    {
        var result = new SortedDictionary<long, StoredChunk>();
        foreach (var part in state.State.Parts)
        {
            foreach (var (blockId, size) in await store.GetBlocksAsync(TenantId, CallId, part, CancellationToken.None))
            {
                if (RecordingLayout.TryParseDataBlockId(blockId, out var sequence, out var tag) && !result.ContainsKey(sequence))
                {
                    result[sequence] = new StoredChunk(blockId, size - RecordingCipher.FrameOverhead, tag);
                }
            }
        }

        return result;
    }

    private static List<SequenceRange> GapsOf(IReadOnlyList<SequenceRange> present)
    {
        var gaps = new List<SequenceRange>();
        var expected = 0L;
        foreach (var range in present)
        {
            if (range.First > expected)
            {
                gaps.Add(new SequenceRange(expected, range.First - 1));
            }

            expected = range.Last + 1;
        }

        return gaps;
    }

    private async Task WriteStateAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e) when (e is not GridException)
        {
            throw new StorageUnavailableException("Grain state could not be written; nothing was acknowledged. Retry with the same arguments.", e);
        }
    }

    /// <summary>
    /// Copies the sealed recording to the replica account. The seal does not depend on it: a replica that is down
    /// is logged and counted; the primary copy is what acknowledgements promise.
    /// </summary>
    private async Task ReplicateAsync()
    {
        if (!replica.Enabled)
        {
            return;
        }

        try
        {
            await replica.ReplicateAsync(TenantId, CallId, state.State.Parts, CancellationToken.None);
        }
        catch (StorageUnavailableException)
        {
            LogReplicaFailed(logger, TenantId, CallId);
        }
    }

    private async Task PublishAsync(CallEvent callEvent)
    {
        try
        {
            var stream = this.GetStreamProvider(GridStreams.ProviderName)
                .GetStream<CallEvent>(StreamId.Create(GridStreams.TenantEventsNamespace, TenantId));
            await stream.OnNextAsync(callEvent);
        }
        catch (Exception e)
        {
            // The recording is durable already; a lost notification must not fail or repeat the operation.
            LogEventNotPublished(logger, e.GetType().Name, callEvent.Kind, TenantId, CallId);
        }
    }

    private void ForgetKeys()
    {
        cipher?.Dispose();
        cipher = null;
        chunks = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {TenantId}/{CallId} started")]
    private static partial void LogStarted(ILogger logger, string tenantId, string callId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {TenantId}/{CallId} sealed: {Chunks} chunks, {Bytes} bytes, {Gaps} gaps")]
    private static partial void LogSealed(ILogger logger, string tenantId, string callId, long chunks, long bytes, int gaps);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording {TenantId}/{CallId} failed its integrity check: {Error}")]
    private static partial void LogCorrupt(ILogger logger, string tenantId, string callId, RecordingFormatError error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {TenantId}/{CallId} was sealed but not replicated (replica unreachable)")]
    private static partial void LogReplicaFailed(ILogger logger, string tenantId, string callId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording {TenantId}/{CallId} deleted ({Reason})")]
    private static partial void LogDeleted(ILogger logger, string tenantId, string callId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording {TenantId}/{CallId}: data key re-wrapped from key version {From} to {To}")]
    private static partial void LogRewrapped(ILogger logger, string tenantId, string callId, int from, int to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {Kind} for {TenantId}/{CallId} was not published ({ExceptionType})")]
    private static partial void LogEventNotPublished(ILogger logger, string exceptionType, CallEventKind kind, string tenantId, string callId);

    private readonly record struct ChunkRecord(int Length, byte[] Tag, bool Durable);

    private readonly record struct StoredChunk(string BlockId, long Length, byte[] Tag);
}
