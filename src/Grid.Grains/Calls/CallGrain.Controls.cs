using System.Security.Cryptography;
using Grid.Calls;
using Grid.Errors;
using Grid.Security.Calls;

namespace Grid.Grains.Calls;

/// <summary>What a recorder says about a live call besides its media: pauses, media gaps, metadata updates.</summary>
public sealed partial class CallGrain
{
    private static readonly string[] PauseSources = ["recorder", "siprec", "api"];

    /// <summary>The highest sequence number an append named since activation (stored or dropped in a pause).</summary>
    private long highestAppended = -1;

    public async Task<CallSummary> PauseAsync(PauseRequest request, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        if (request is null || request.FromSequence < PauseRequest.Next || request.FromSequence > limits.MaxSequenceNumber)
        {
            throw new GridValidationException($"A pause starts at a sequence number from 0 to {limits.MaxSequenceNumber} (or -1: after the last chunk received).");
        }

        RequireLabel(request.Reason, "reason");
        if (!PauseSources.Contains(request.Source))
        {
            throw new GridValidationException("A pause's source is recorder, siprec or api.");
        }

        if (request.MediaOffsetMs is < 0)
        {
            throw new GridValidationException("A pause's media offset is 0 or more.");
        }

        Lifecycle.RequireRecording();
        var pauses = state.State.Pauses;
        if (pauses.Count > 0 && pauses[^1].ToSequence is null)
        {
            var open = pauses[^1];
            return (open.FromSequence == request.FromSequence || request.FromSequence == PauseRequest.Next) && open.Reason == request.Reason && open.Source == request.Source
                ? await SummaryAsync()
                : throw new CallStateException(GridErrorCode.CallPaused, "The call is paused already; resume it first.");
        }

        if (pauses.Count >= CallLimits.MaxPauses)
        {
            throw new GridValidationException($"A call is paused at most {CallLimits.MaxPauses} times.");
        }

        var recording = await EnsureWriterAsync("pause");
        var from = request.FromSequence == PauseRequest.Next ? NextSequence(recording) : request.FromSequence;
        if (recording.Durable.Any(c => c.Sequence >= from))
        {
            throw new GridValidationException($"Chunks from {from} on were recorded already; a pause starts after the last chunk sent.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var now = time.GetUtcNow();
        await RecordingFiles.AuditAsync(GrainFactory, TenantId, CallId, "recording.paused", request.Reason, GridCaller.AuditName, now);
        pauses.Add(new CallPause
        {
            FromSequence = from,
            PausedAt = now,
            Reason = request.Reason,
            Source = request.Source,
            PausedBy = GridCaller.AuditName,
            MediaOffsetMs = request.MediaOffsetMs,
            AutoResumeAt = now + limits.AutoResumeAfter,
        });
        Outbox.Add(TenantId, now, new Grid.Events.RecordingPaused(CallId, request.Reason, request.Source));
        await state.WriteOrThrowAsync();
        await Outbox.DeliverAsync();
        return await SummaryAsync();
    }

    public async Task<CallSummary> ResumeAsync(long fromSequence, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        Lifecycle.RequireRecording();
        var pauses = state.State.Pauses;
        if (pauses.Count == 0 || pauses[^1].ToSequence is { } resumed)
        {
            return pauses.Count > 0 && (pauses[^1].ToSequence == fromSequence || (fromSequence == PauseRequest.Next && pauses[^1].Source == "api"))
                ? await SummaryAsync()
                : throw new CallStateException(GridErrorCode.CallNotPaused, "The call is not paused.");
        }

        var open = pauses[^1];
        if (fromSequence == PauseRequest.Next)
        {
            // From now on: after every chunk named so far (those sent during the pause stay dropped).
            fromSequence = Math.Max(open.FromSequence, NextSequence(await EnsureWriterAsync("resume")));
        }

        if (fromSequence < open.FromSequence || fromSequence > limits.MaxSequenceNumber)
        {
            throw new GridValidationException($"Recording resumes at a sequence number from the pause's ({open.FromSequence}) to {limits.MaxSequenceNumber}.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var now = time.GetUtcNow();
        await RecordingFiles.AuditAsync(GrainFactory, TenantId, CallId, "recording.resumed", open.Reason, GridCaller.AuditName, now);
        pauses[^1] = open with { ToSequence = fromSequence, ResumedAt = now, ResumedBy = GridCaller.AuditName };
        Outbox.Add(TenantId, now, new Grid.Events.RecordingResumed(CallId, open.Reason));
        await state.WriteOrThrowAsync();
        await Outbox.DeliverAsync();
        return await SummaryAsync();
    }

    public async Task ReportMediaGapsAsync(IReadOnlyList<MediaGapReport> gaps, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        if (gaps is null || gaps.Count is < 1 or > 100)
        {
            throw new GridValidationException("A report lists 1 to 100 media gaps.");
        }

        foreach (var gap in gaps)
        {
            if (gap is null || gap.Channel is < 0 or > 63 || gap.FromMs < 0 || gap.ToMs <= gap.FromMs)
            {
                throw new GridValidationException("A media gap has a channel from 0 to 63 and a time range whose end is after its start.");
            }

            RequireLabel(gap.Cause, "cause");
        }

        Lifecycle.RequireRecording();
        var known = state.State.MediaGaps;
        var added = false;
        foreach (var gap in gaps.Distinct())
        {
            if (known.Contains(gap))
            {
                continue;
            }

            if (known.Count < CallLimits.MaxMediaGaps)
            {
                known.Add(gap);
            }
            else
            {
                state.State.UnlistedMediaGaps++;
            }

            added = true;
        }

        if (added)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await state.WriteOrThrowAsync();
        }
    }

    public async Task<CallSummary> UpdateMetadataAsync(CallMetadata metadata, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        CallMetadataRules.Validate(metadata);
        Lifecycle.RequireRecording();
        using var cipher = await Keys.OpenAsync(state.State.Header, "metadata-update");
        var before = MetadataCodec.Decode(cipher.DecryptMetadata(state.State.SealedMetadata));
        if (!string.Equals(before.MediaType, metadata.MediaType, StringComparison.Ordinal))
        {
            throw new GridValidationException("A metadata update keeps the call's media type.");
        }

        var plaintext = MetadataCodec.Encode(metadata);
        try
        {
            if (CryptographicOperations.FixedTimeEquals(MetadataCodec.Encode(before), plaintext))
            {
                return await SummaryAsync();
            }

            cancellationToken.ThrowIfCancellationRequested();
            await RecordingFiles.AuditAsync(GrainFactory, TenantId, CallId, "recording.metadata-updated", "recorder-update", GridCaller.AuditName, time.GetUtcNow());

            // The index keeps every participant the call ever had: someone who left was on the call.
            var indexed = metadata with
            {
                Participants = [.. metadata.Participants.Concat(before.Participants.Where(p => !metadata.Participants.Any(q => q.Identifier == p.Identifier))).Take(CallMetadataRules.MaxParticipants * 2)],
            };
            indexedRows = null;
            await catalog.ReindexAsync(TenantId, CallId, state.State.StartedAt, indexed);

            // The start's MAC stays: a retried start with the first metadata is still recognised.
            state.State.SealedMetadata = cipher.EncryptMetadata(plaintext);
            state.State.MetadataUpdates++;
            await state.WriteOrThrowAsync();
            return await SummaryAsync();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>
    /// When the open pause has lasted <see cref="CallLimits.AutoResumeAfter"/>, closes it at <paramref name="sequence"/>
    /// (audited, announced) and returns true: the chunk is recorded.
    /// </summary>
    private async Task<bool> AutoResumedAsync(long sequence)
    {
        var pauses = state.State.Pauses;
        var now = time.GetUtcNow();
        if (limits.AutoResumeAfter is not { } after || pauses.Count == 0 || pauses[^1] is not { ToSequence: null } open
            || now - open.PausedAt < after || sequence < open.FromSequence)
        {
            return false;
        }

        const string principal = "grid:auto-resume";
        await RecordingFiles.AuditAsync(GrainFactory, TenantId, CallId, "recording.resumed", open.Reason, principal, now);
        pauses[^1] = open with { ToSequence = sequence, ResumedAt = now, ResumedBy = principal };
        Outbox.Add(TenantId, now, new Grid.Events.RecordingResumed(CallId, open.Reason));
        await state.WriteOrThrowAsync();
        await Outbox.DeliverAsync();
        return !IsPaused(sequence);
    }

    /// <summary>The sequence number after every chunk named so far: stored, or dropped in a pause since activation.</summary>
    private long NextSequence(RecordingWriter recording) =>
        Math.Max(highestAppended, recording.Durable.Select(c => c.Sequence).DefaultIfEmpty(-1).Max()) + 1;

    /// <summary>True when <paramref name="sequence"/> falls in a pause (open or closed).</summary>
    private bool IsPaused(long sequence)
    {
        foreach (var pause in state.State.Pauses)
        {
            if (sequence >= pause.FromSequence && (pause.ToSequence is not { } to || sequence < to))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The summary with what the recorder reported: pauses, media gaps, metadata updates; sequence gaps inside pauses are not gaps.</summary>
    private CallSummary Annotated(CallSummary summary, IEnumerable<(long Sequence, int Length)>? sealedChunks = null) => summary with
    {
        // Lists, not collection expressions: the summary is stored in the grain's JSON state with its runtime types,
        // and only named types are allowed back in.
        Gaps = summary.Gaps.SelectMany(WithoutPauses).ToList(),
        Pauses = sealedChunks is null
            ? state.State.Pauses.ToList()
            : state.State.Pauses.Select(p => p with { MediaByteOffset = sealedChunks.Where(c => c.Sequence < p.FromSequence).Sum(c => (long)c.Length) }).ToList(),
        MediaGaps = state.State.MediaGaps.ToList(),
        UnlistedMediaGaps = state.State.UnlistedMediaGaps,
        MetadataUpdates = state.State.MetadataUpdates,
    };

    /// <summary>
    /// The sealed summary with how long its media plays: stored bytes after any WAV header over the byte rate, plus the
    /// pauses for raw media (playback renders them as silence); null when the byte rate is unknown.
    /// </summary>
    private CallSummary WithMediaDuration(CallSummary summary)
    {
        if (state.State.MediaBytesPerSecond <= 0)
        {
            return summary;
        }

        var media = TimeSpan.FromSeconds(Math.Max(0, summary.MediaBytes - state.State.MediaHeaderBytes) / (double)state.State.MediaBytesPerSecond);
        var paused = state.State.MediaHeaderBytes > 0
            ? TimeSpan.Zero
            : summary.Pauses.Aggregate(TimeSpan.Zero, (total, p) => total + (((p.ResumedAt ?? summary.SealedAt) ?? p.PausedAt) - p.PausedAt));
        return summary with { MediaDuration = TimeSpan.FromMilliseconds(Math.Round((media + paused).TotalMilliseconds)) };
    }

    private IEnumerable<SequenceRange> WithoutPauses(SequenceRange gap)
    {
        var remaining = new List<SequenceRange> { gap };
        foreach (var pause in state.State.Pauses)
        {
            var to = pause.ToSequence ?? long.MaxValue;
            remaining = [.. remaining.SelectMany(r => Cut(r, pause.FromSequence, to))];
        }

        return remaining;

        static IEnumerable<SequenceRange> Cut(SequenceRange r, long from, long to)
        {
            if (r.Last < from || r.First >= to)
            {
                yield return r;
                yield break;
            }

            if (r.First < from)
            {
                yield return new SequenceRange(r.First, from - 1);
            }

            if (r.Last >= to)
            {
                yield return new SequenceRange(to, r.Last);
            }
        }
    }

    private static void RequireLabel(string? value, string field)
    {
        if (!PolicyLabel.IsValid(value))
        {
            throw new GridValidationException($"A {field} is 1 to 64 characters of a-z, 0-9, '-', '.' and '_'.");
        }
    }
}
