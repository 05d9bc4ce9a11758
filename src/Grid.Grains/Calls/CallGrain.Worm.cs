using Grid.Calls;
using Grid.Errors;
using Grid.Security.Calls;
using Grid.Tenants;

namespace Grid.Grains.Calls;

/// <summary>
/// WORM mode: a tenant's sealed recording is copied, byte for byte (same key, same frames), from the log into one
/// blob that gets an immutability policy until its retention end and a storage legal hold while a legal hold applies;
/// from then on the storage service refuses to delete or overwrite it, whoever asks. The log's frames become dead and
/// are collected as after any deletion. Deleting, redacting or rewriting such a recording before its retention end is
/// refused by the Grid before it tries (<see cref="RecordingImmutableException"/>); at termination it is
/// crypto-shredded: the tenant's key is destroyed, and the storage account's lifecycle rule deletes the ciphertext once
/// its policy has ended.
/// </summary>
public sealed partial class CallGrain
{
    /// <summary>True when the recording is in write-once storage and its policy is still in force.</summary>
    private bool ImmutableNow => state.State.ImmutableUntil is { } until && until > time.GetUtcNow();

    public async Task<CallSummary> ExtendRetentionAsync(DateTimeOffset retainUntil, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        Lifecycle.RequireSealed();
        var current = state.State.RetainUntil ?? throw new CallStateException(GridErrorCode.CallNotSealed, "The recording has no retention end yet; seal it first.");
        var now = time.GetUtcNow();
        if (retainUntil <= current || retainUntil > now.AddYears(100))
        {
            throw new GridValidationException($"retainUntil must be later than the recording's retention end, {current:O} (retention is only ever extended), and at most 100 years ahead.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        await RecordingFiles.AuditAsync(GrainFactory, TenantId, CallId, "recording.retention-extended", retainUntil.ToString("O", System.Globalization.CultureInfo.InvariantCulture), GridCaller.AuditName, now);
        if (state.State.ImmutableUntil is not null)
        {
            // Storage first: the policy is never shorter than the retention the Grid states.
            var held = await GrainFactory.GetGrain<ITenantGrain>(TenantId).FindHoldAsync(CallId, cancellationToken) is not null;
            state.State.ImmutableUntil = await worm.ProtectAsync(TenantId, CallId, retainUntil, held, CancellationToken.None);
        }

        await retentionIndex.AddAsync(TenantId, CallId, retainUntil, CancellationToken.None);
        await retentionIndex.RemoveAsync(TenantId, CallId, current, CancellationToken.None);
        state.State.RetainUntil = retainUntil;
        state.State.Summary = state.State.Summary! with { RetainUntil = retainUntil, ImmutableUntil = state.State.ImmutableUntil };
        await state.WriteOrThrowAsync();
        return state.State.Summary;
    }

    public async Task SyncStorageHoldAsync(bool held, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        if (state.State.ImmutableUntil is null || Lifecycle.Status != CallStatus.Sealed)
        {
            // Not (yet) in write-once storage: the hold is applied when it gets there.
            return;
        }

        await worm.SetLegalHoldAsync(TenantId, CallId, held, cancellationToken);
    }

    /// <summary>
    /// Puts a WORM tenant's sealed recording into write-once storage (idempotent, resumable at each step): the copy,
    /// the switch to it, the replica, the policy and hold, then the log version's manifest goes.
    /// </summary>
    private async Task MakeImmutableAsync()
    {
        if (!state.State.WormPending || Lifecycle.Status != CallStatus.Sealed || state.State.RetainUntil is not { } until)
        {
            return;
        }

        if (!state.State.WholeFile)
        {
            await files.CopyToWholeFileAsync(TenantId, CallId, state.State, CancellationToken.None);

            // The switch: the recording is its one blob from now on; the manifest is removed below.
            state.State.WholeFile = true;
            state.State.DestroyingPrevious = true;
            await state.WriteOrThrowAsync();
        }

        if (!await worm.ReplicaProtectedAsync(TenantId, CallId, CancellationToken.None))
        {
            // A retry after the replica copy was protected skips it: it holds the same bytes already.
            await files.ReplicateAsync(TenantId, CallId, state.State);
        }

        var held = await GrainFactory.GetGrain<ITenantGrain>(TenantId).FindHoldAsync(CallId) is not null;
        var end = await worm.ProtectAsync(TenantId, CallId, until, held, CancellationToken.None);
        await files.DestroyLogVersionAsync(TenantId, CallId);
        state.State.DestroyingPrevious = false;
        state.State.WormPending = false;
        state.State.ImmutableUntil = end;
        state.State.Summary = state.State.Summary! with { ImmutableUntil = end };
        await state.WriteOrThrowAsync();
        CallLog.Immutable(logger, TenantId, CallId, end, held);
    }

    /// <summary><see cref="MakeImmutableAsync"/>; a failure leaves it pending for the next activation (which resumes it, not a redaction's cleanup).</summary>
    private async Task TryMakeImmutableAsync()
    {
        try
        {
            await MakeImmutableAsync();
        }
        catch (Exception e) when (e is GridException or Azure.RequestFailedException or TimeoutException)
        {
            CallLog.ImmutablePending(logger, TenantId, CallId, e is GridException g ? g.Code.ToString() : (e as Azure.RequestFailedException)?.ErrorCode ?? e.GetType().Name);
        }
    }

    /// <summary>Refuses to alter a recording whose write-once policy is in force, naming until when.</summary>
    private void RequireMutable(string what)
    {
        if (ImmutableNow || state.State.WormPending)
        {
            var until = state.State.ImmutableUntil ?? state.State.RetainUntil;
            throw new RecordingImmutableException(
                $"The recording is kept in write-once storage (the tenant's WORM mode) until its retention end, {until:O}; {what} is refused before then, by the Grid and by the storage service.");
        }
    }
}
