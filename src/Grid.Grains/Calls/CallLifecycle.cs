using Grid.Calls;
using Grid.Errors;

namespace Grid.Grains.Calls;

/// <summary>
/// The life of one recording as guarded transitions over its persisted state: none → recording → (sealing) →
/// sealed → deleted. Each guard throws the typed error a caller sees; nothing here touches storage, so every rule
/// is tested without a cluster.
/// </summary>
public sealed class CallLifecycle(CallState state)
{
    public CallStatus Status => state.Status;

    /// <summary>Media may be appended: started, not sealing, not sealed, not deleted.</summary>
    public void RequireRecording()
    {
        switch (state.Status)
        {
            case CallStatus.None:
                throw new CallStateException(GridErrorCode.CallNotStarted, "The call was never started; start it before sending media.");
            case CallStatus.Sealed:
                throw new CallStateException(GridErrorCode.CallSealed, "The call is sealed; no more media is accepted.");
            case CallStatus.Deleted:
                throw Deleted();
        }

        if (state.Sealing)
        {
            throw new CallStateException(GridErrorCode.CallSealed, "The call is being sealed; no more media is accepted.");
        }
    }

    /// <summary>The recording can be played: sealed.</summary>
    public void RequireSealed()
    {
        switch (state.Status)
        {
            case CallStatus.None:
                throw NotFound();
            case CallStatus.Deleted:
                throw Deleted();
            case CallStatus.Recording:
                throw new CallStateException(GridErrorCode.CallNotSealed, "The call is still recording; it can be played back once it has ended.");
        }
    }

    /// <summary>A recording exists (recording or sealed); deleted ones throw their deletion.</summary>
    public void RequireExisting()
    {
        switch (state.Status)
        {
            case CallStatus.None:
                throw NotFound();
            case CallStatus.Deleted:
                throw Deleted();
        }
    }

    /// <summary>End may proceed (false: already sealed, the stored summary is the answer).</summary>
    public bool CanSeal()
    {
        switch (state.Status)
        {
            case CallStatus.None:
                throw new CallStateException(GridErrorCode.CallNotStarted, "The call was never started; start it before ending it.");
            case CallStatus.Deleted:
                throw Deleted();
            case CallStatus.Sealed:
                return false;
        }

        return true;
    }

    public void Start(byte[] header, byte[] sealedMetadata, byte[] metadataMac, DateTimeOffset at, string? retentionCategory, IReadOnlyList<Grid.Storage.Log.LogPosition> lanes)
    {
        if (state.Status != CallStatus.None)
        {
            throw new InvalidOperationException("A call starts once.");
        }

        state.Status = CallStatus.Recording;
        state.Header = header;
        state.SealedMetadata = sealedMetadata;
        state.MetadataMac = metadataMac;
        state.StartedAt = at;
        state.RetentionCategory = retentionCategory;
        state.Lanes = [.. lanes];
    }

    /// <summary>
    /// True for a recording stored in storage layout v1 (part blobs, before the log), which this release no longer
    /// reads: its media and original are refused, it cannot record or seal; summary, metadata, re-wrap of its key
    /// (in the grain state) and deletion still work.
    /// </summary>
    public bool PredatesLog => state.Parts.Count > 0;

    /// <summary>Refuses a recording stored in layout v1 (<see cref="PredatesLog"/>) with a typed error saying what to do.</summary>
    public void RequireLogLayout()
    {
        if (PredatesLog)
        {
            throw new RecordingLayoutUnsupportedException(
                "The recording was stored before the recording log, in storage layout v1 (part blobs), which this release no longer reads. "
                + "It is kept unchanged and can still be deleted; to play or export it, use a Grid release that reads layout v1 (see docs/architecture.md, Storage).");
        }
    }

    public void BeginSeal() => state.Sealing = true;

    public void Seal(CallSummary summary)
    {
        state.Status = CallStatus.Sealed;
        state.Sealing = false;
        state.RetainUntil = summary.RetainUntil;
        state.Summary = summary;
    }

    /// <summary>Forgets everything that could open the recording (the wrapped key, the metadata) and keeps a tombstone.</summary>
    public void Delete(CallSummary before, DateTimeOffset at, string reason)
    {
        state.Status = CallStatus.Deleted;
        state.Sealing = false;
        state.DeletedAt = at;
        state.DeletionReason = reason;
        state.Header = null;
        state.SealedMetadata = null;
        state.MetadataMac = null;
        state.Trailer = null;
        state.Parts = [];
        state.Lanes = [];
        state.Summary = before with { Status = CallStatus.Deleted, DeletedAt = at };
    }

    /// <summary>A deletion names its reason and the principal it is done for.</summary>
    public static void ValidateDeletion(string reason, string principal)
    {
        if (reason is not ("retention" or "termination" or "request") || string.IsNullOrEmpty(principal))
        {
            throw new GridValidationException("A deletion names its reason (retention, termination or request) and principal.");
        }
    }

    public RecordingNotFoundException NotFound() => new("No recording exists under this call id.");

    public RecordingDeletedException Deleted() => new(state.DeletedAt!.Value, state.DeletionReason ?? "deleted");
}
