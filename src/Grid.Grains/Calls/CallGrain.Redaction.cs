using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Grid.Calls;
using Grid.Crypto.Format;
using Grid.Errors;
using Grid.Retention;
using Grid.Security.Calls;
using Grid.Storage.Log;
using Grid.Tenants;

namespace Grid.Grains.Calls;

/// <summary>
/// Redaction with the original destroyed: a privacy officer requests a range, a different tenant admin approves it,
/// and the approval writes a new version of the recording (the range silenced, every frame encrypted under a new data
/// key) as one RGRD blob, switches the grain state to it, then removes the original's manifest (its frames in the log
/// become dead; the next collection deletes or compacts them away) and overwrites the replica. The original's data key
/// existed only wrapped, in the state, the manifest and the replica: with all three replaced it is destroyed.
/// </summary>
public sealed partial class CallGrain
{
    public async Task<RecordingRedaction> RequestRedactionAsync(RedactionRequest request, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        if (request is null || request.FromMs < 0 || request.ToMs <= request.FromMs)
        {
            throw new GridValidationException("A redaction's range starts at 0 ms or later and ends after its start (fromMs, toMs).");
        }

        var channels = (request.Channels ?? []).Distinct().Order().ToList();
        if (channels.Any(c => c is < 0 or > 63))
        {
            throw new GridValidationException("A redaction's channels are numbered from 0 to 63.");
        }

        RequireLabel(request.Reason, "reason");
        await RequireRedactableAsync();
        if (state.State.Redactions.Count >= CallLimits.MaxRedactions)
        {
            throw new GridValidationException($"A recording has at most {CallLimits.MaxRedactions} redactions.");
        }

        // The plan is made now so that a request the approval could not apply is refused at once.
        var (_, refusal) = await PlanAsync(request.FromMs, request.ToMs, channels, cancellationToken);
        if (refusal is not null)
        {
            throw new GridValidationException(refusal);
        }

        var now = time.GetUtcNow();
        var redaction = new RecordingRedaction
        {
            RedactionId = "red-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            FromMs = request.FromMs,
            ToMs = request.ToMs,
            Channels = channels,
            Reason = request.Reason,
            Status = RedactionStatus.Pending,
            RequestedBy = GridCaller.AuditName,
            RequestedAt = now,
        };
        cancellationToken.ThrowIfCancellationRequested();
        await RecordingFiles.AuditAsync(GrainFactory, TenantId, CallId, "recording.redaction-requested", $"{redaction.RedactionId} {request.Reason}", GridCaller.AuditName, now);
        state.State.Redactions.Add(redaction);
        state.State.Summary = RedactionAnnotated(state.State.Summary!);
        Outbox.Add(TenantId, now, new Grid.Events.RecordingRedactionRequested(CallId, redaction.RedactionId, request.Reason));
        await state.WriteOrThrowAsync();
        await Outbox.DeliverAsync();
        return redaction;
    }

    public async Task<RecordingRedaction> RejectRedactionAsync(string redactionId, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        var (index, redaction) = FindRedaction(redactionId);
        if (redaction.Status == RedactionStatus.Rejected)
        {
            return redaction;
        }

        if (redaction.Status != RedactionStatus.Pending)
        {
            throw new RedactionException(GridErrorCode.RedactionState, $"Redaction {redactionId} was applied already; an applied redaction cannot be undone (the original is destroyed).");
        }

        var now = time.GetUtcNow();
        await RecordingFiles.AuditAsync(GrainFactory, TenantId, CallId, "recording.redaction-rejected", redactionId, GridCaller.AuditName, now);
        var rejected = redaction with { Status = RedactionStatus.Rejected, DecidedBy = GridCaller.AuditName, DecidedAt = now };
        state.State.Redactions[index] = rejected;
        state.State.Summary = RedactionAnnotated(state.State.Summary!);
        await state.WriteOrThrowAsync();
        return rejected;
    }

    public async Task<DeletionCertificate> GetRedactionCertificateAsync(string redactionId, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        var (_, redaction) = FindRedaction(redactionId);
        return state.State.RedactionCertificates.Find(c => redaction.CertificateId is not null && c.Body.Contains($"\"certificateId\":\"{redaction.CertificateId}\"", StringComparison.Ordinal))
            ?? throw new RedactionException(GridErrorCode.RedactionState, $"Redaction {redactionId} has not been applied; only an applied redaction has a certificate.");
    }

    public async Task<RedactionOutcome> ApproveRedactionAsync(string redactionId, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        var (index, redaction) = FindRedaction(redactionId);
        if (redaction.Status == RedactionStatus.Applied)
        {
            // A retried approval: finish destroying the original if that was interrupted, and answer the same.
            await TryDestroyPreviousAsync();
            return new RedactionOutcome(state.State.Summary!, await GetRedactionCertificateAsync(redactionId, cancellationToken));
        }

        if (redaction.Status != RedactionStatus.Pending)
        {
            throw new RedactionException(GridErrorCode.RedactionState, $"Redaction {redactionId} was rejected; request a new one.");
        }

        var approver = GridCaller.AuditName;
        if (string.Equals(approver, redaction.RequestedBy, StringComparison.Ordinal))
        {
            throw new RedactionException(GridErrorCode.RedactionSamePerson, "Two-person rule: the person who requested a redaction may not approve it; another tenant admin must.");
        }

        await RequireRedactableAsync();
        var (plan, refusal) = await PlanAsync(redaction.FromMs, redaction.ToMs, redaction.Channels, cancellationToken);
        if (plan is null)
        {
            throw new GridValidationException(refusal!);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var now = time.GetUtcNow();
        await RecordingFiles.AuditAsync(GrainFactory, TenantId, CallId, "recording.redaction-approved", redactionId, approver, now);

        // The new version, written before anything points at it: a failure here leaves the original in force.
        using var original = await Keys.OpenAsync(state.State.Header, "redaction");
        using var redacted = await Keys.NewRecordingAsync();
        var written = await WriteRedactedVersionAsync(original, redacted, plan, cancellationToken);
        var metadata = original.DecryptMetadata(state.State.SealedMetadata);
        try
        {
            var version = state.State.Redactions.Count(r => r.Status == RedactionStatus.Applied) + 1;
            var certificate = Certificate(redaction, approver, now, version, written);
            var applied = redaction with
            {
                Status = RedactionStatus.Applied,
                DecidedBy = approver,
                DecidedAt = now,
                Version = version,
                CertificateId = JsonNode.Parse(certificate.Body)!["certificateId"]!.GetValue<string>(),
            };

            // The switch: from this write on the recording is the new version, under the new key.
            state.State.Header = redacted.Header.Encode();
            state.State.SealedMetadata = redacted.EncryptMetadata(metadata);
            state.State.MetadataMac = redacted.MacMetadata(metadata);
            state.State.WholeFile = true;
            state.State.DestroyingPrevious = true;
            state.State.Redactions[index] = applied;
            state.State.RedactionCertificates.Add(certificate);
            state.State.Summary = RedactionAnnotated(state.State.Summary!);
            Outbox.Add(TenantId, now, new Grid.Events.RecordingRedacted(CallId, redactionId, version));
            await state.WriteOrThrowAsync();
            CallLog.Redacted(logger, TenantId, CallId, redactionId, version, written.DestroyedFrames.Count);
            await TryDestroyPreviousAsync();
            await Outbox.DeliverAsync();
            return new RedactionOutcome(state.State.Summary, certificate);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(metadata);
        }
    }

    /// <summary>Removes the original's manifest and overwrites the replica with the current version (idempotent).</summary>
    private async Task DestroyPreviousAsync()
    {
        if (!state.State.DestroyingPrevious)
        {
            return;
        }

        await files.DestroyLogVersionAsync(TenantId, CallId);
        await files.ReplicateAsync(TenantId, CallId, state.State);
        state.State.DestroyingPrevious = false;
        await state.WriteOrThrowAsync();
    }

    /// <summary><see cref="DestroyPreviousAsync"/>; storage that is down leaves it to the next approval call or activation.</summary>
    private async Task TryDestroyPreviousAsync()
    {
        try
        {
            await DestroyPreviousAsync();
        }
        catch (Exception e) when (e is StorageUnavailableException or Azure.RequestFailedException)
        {
            CallLog.RedactionCleanupPending(logger, TenantId, CallId);
        }
    }

    private async Task RequireRedactableAsync()
    {
        Lifecycle.RequireSealed();
        Lifecycle.RequireLogLayout();
        RequireMutable("a redaction");
        if (state.State.RestrictedBy is not null)
        {
            throw new RecordingRestrictedException("The recording's processing is restricted on a data subject's request; lift the restriction before redacting it.");
        }

        if (await GrainFactory.GetGrain<ITenantGrain>(TenantId).FindHoldAsync(CallId) is not null)
        {
            throw new RedactionException(GridErrorCode.RedactionOnHold, "The recording is under a legal hold and may not be altered; a redaction can be requested once the hold is released.");
        }
    }

    /// <summary>The plan of a range, from the media type (metadata) and the first chunk (a WAV header).</summary>
    private async Task<(MediaRedaction? Plan, string? Refusal)> PlanAsync(long fromMs, long toMs, IReadOnlyList<int> channels, CancellationToken cancellationToken)
    {
        using var cipher = await Keys.OpenAsync(state.State.Header, "redaction-plan");
        var metadata = MetadataCodec.Decode(cipher.DecryptMetadata(state.State.SealedMetadata));
        byte[]? first = null;
        if (PlaybackFile.RawLayoutOf(metadata.MediaType) is null && state.State.Summary!.ChunkCount > 0)
        {
            await using var stored = await files.OpenAsync(TenantId, CallId, state.State, cancellationToken);
            await RecordingHeader.ReadAsync(stored, cancellationToken);
            await foreach (var segment in RecordingReader.ReadSegmentsAsync(stored, cipher, cancellationToken))
            {
                first = segment.Data;
                break;
            }
        }

        return MediaRedaction.For(metadata.MediaType, first, state.State.Summary!, fromMs, toMs, channels);
    }

    /// <summary>
    /// Reads the current version frame by frame (every check of the format), silences the range and writes each frame
    /// again under the new key into the version blob; returns the hashes a certificate names.
    /// </summary>
    private async Task<WrittenVersion> WriteRedactedVersionAsync(RecordingCipher original, RecordingCipher redacted, MediaRedaction plan, CancellationToken cancellationToken)
    {
        var destroyed = new List<(long Sequence, string Sha256)>();
        var sequences = new List<long>();
        var index = new List<LogExtent>();
        var file = Grid.Storage.RecordingLayout.RecordingBlobName(CallId);
        byte[] final;
        long written = 0;
        long position = 0;
        using var originalHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var versionHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var stored = new HashingStream(await files.OpenAsync(TenantId, CallId, state.State, cancellationToken), originalHash))
        await using (var target = await files.OpenVersionWriteAsync(TenantId, CallId, cancellationToken))
        {
            var header = await RecordingHeader.ReadAsync(stored, cancellationToken);
            if (!header.AssociatedData.AsSpan().SequenceEqual(original.Header.AssociatedData))
            {
                throw new RecordingCorruptException("The stored header is not this recording's header. Restore it from a replica.");
            }

            async Task WriteAsync(byte[] bytes)
            {
                versionHash.AppendData(bytes);
                await target.WriteAsync(bytes, cancellationToken);
                written += bytes.Length;
            }

            await WriteAsync(redacted.Header.Encode());
            try
            {
                await foreach (var segment in RecordingReader.ReadSegmentsAsync(stored, original, cancellationToken))
                {
                    var data = segment.Data;
                    var before = plan.To > position && plan.From < position + data.Length ? original.EncryptData(segment.Sequence, data) : null;
                    if (plan.Apply(data, position) && before is not null)
                    {
                        destroyed.Add((segment.Sequence, Convert.ToHexStringLower(SHA256.HashData(before))));
                    }

                    var frame = redacted.EncryptData(segment.Sequence, data);
                    index.Add(new LogExtent(segment.Sequence, file, written, frame.Length, frame.AsSpan(frame.Length - 16, LogExtent.TagLength).ToArray()));
                    await WriteAsync(frame);
                    CryptographicOperations.ZeroMemory(data);
                    sequences.Add(segment.Sequence);
                    position += data.Length;
                }
            }
            catch (RecordingFormatException e)
            {
                throw new RecordingCorruptException($"The stored recording failed its integrity check ({e.Error}); nothing was redacted. Restore it from a replica.");
            }

            final = redacted.EncryptFinal(RecordingTrailer.FromSegments(sequences, position));
            await WriteAsync(final);
        }

        // The new version's frame index, so a seek in it reads only its frames (written before the switch; a reader
        // that finds an index of another version reads the file from its start).
        await files.WriteIndexAsync(TenantId, CallId, index, final, cancellationToken);

        return new WrittenVersion(destroyed, sequences.Count, Convert.ToHexStringLower(originalHash.GetHashAndReset()), Convert.ToHexStringLower(versionHash.GetHashAndReset()), plan);
    }

    private DeletionCertificate Certificate(RecordingRedaction redaction, string approver, DateTimeOffset at, int version, WrittenVersion written)
    {
        var body = new JsonObject
        {
            ["version"] = 1,
            ["kind"] = "redaction",
            ["certificateId"] = "redcert-" + Guid.NewGuid().ToString("N"),
            ["issuer"] = "Recording Grid (processor)",
            ["issuedAt"] = at,
            ["tenantId"] = TenantId,
            ["callId"] = CallId,
            ["redactionId"] = redaction.RedactionId,
            ["range"] = new JsonObject
            {
                ["fromMs"] = redaction.FromMs,
                ["toMs"] = redaction.ToMs,
                ["channels"] = redaction.Channels.Count == 0 ? "all" : new JsonArray(redaction.Channels.Select(c => (JsonNode)c).ToArray()),
                ["storedBytes"] = new JsonObject { ["from"] = written.Plan.From, ["to"] = written.Plan.To },
            },
            ["reason"] = redaction.Reason,
            ["requestedBy"] = redaction.RequestedBy,
            ["requestedAt"] = redaction.RequestedAt,
            ["approvedBy"] = approver,
            ["approvedAt"] = at,
            ["recordingVersion"] = version,
            ["originalSha256"] = written.OriginalSha256,
            ["redactedVersionSha256"] = written.VersionSha256,
            ["framesReencrypted"] = written.Frames,
            ["destroyedFrames"] = new JsonArray(written.DestroyedFrames.Select(f => (JsonNode)new JsonObject { ["sequence"] = f.Sequence, ["ciphertextSha256"] = f.Sha256 }).ToArray()),
            ["originalKey"] = "destroyed: its only copies were wrapped under the tenant's key in the recording's state, manifest and replica, all replaced by the new version's",
            ["originalFrames"] = "unreachable from the approval; physically removed from the log by the next collection",
        };
        return signer.Sign(body.ToJsonString());
    }

    private (int Index, RecordingRedaction Redaction) FindRedaction(string redactionId)
    {
        Lifecycle.RequireExisting();
        var index = state.State.Redactions.FindIndex(r => string.Equals(r.RedactionId, redactionId, StringComparison.Ordinal));
        return index < 0
            ? throw new RedactionException(GridErrorCode.RedactionNotFound, "No redaction with this id exists on the recording.")
            : (index, state.State.Redactions[index]);
    }

    private CallSummary RedactionAnnotated(CallSummary summary) => summary with
    {
        Redactions = state.State.Redactions.Select(r => r with { Channels = r.Channels.ToList() }).ToList(),
        Version = state.State.Redactions.Count(r => r.Status == RedactionStatus.Applied),
    };

    private sealed record WrittenVersion(List<(long Sequence, string Sha256)> DestroyedFrames, int Frames, string OriginalSha256, string VersionSha256, MediaRedaction Plan);
}
