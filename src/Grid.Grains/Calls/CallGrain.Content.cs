using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Grid.Calls;
using Grid.Keys;
using Grid.Security;
using Grid.Security.Calls;

namespace Grid.Grains.Calls;

/// <summary>
/// The call grain's content side: playback, metadata, the encrypted original — each decided by
/// <see cref="ContentAccess"/> for the verified caller — and what data-subject requests do to a recording
/// (restriction, correction of a participant's entries).
/// </summary>
public sealed partial class CallGrain
{
    /// <summary>
    /// Orleans runs an <see cref="IAsyncEnumerable{T}"/> method through a grain extension, and later pages in other
    /// calls: the verified caller is captured here, when the enumeration starts under the authorization filter.
    /// </summary>
    public IAsyncEnumerable<byte[]> ReadMediaAsync(CancellationToken cancellationToken = default) =>
        ReadMediaAsync(GridCaller.Principal, cancellationToken);

    private async IAsyncEnumerable<byte[]> ReadMediaAsync(GridPrincipal? principal, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var purpose = await AuthorizeContentAsync(principal, "playback");
        Lifecycle.RequireSealed();
        var use = new KeyUse(purpose, principal?.Subject ?? GridCaller.AuditName);
        var stored = await files.OpenAsync(TenantId, CallId, state.State, cancellationToken);
        await foreach (var chunk in RecordingPlayback.ReadAsync(stored, state.State.Header!, h => Keys.Grain.UnwrapAsync(CallId, h.Envelope, use), logger, TenantId, CallId, cancellationToken))
        {
            yield return chunk;
        }
    }

    public async Task<PlaybackInfo> GetPlaybackInfoAsync(CancellationToken cancellationToken = default)
    {
        _ = Ids;
        return new PlaybackInfo
        {
            Status = Lifecycle.Status,
            Header = state.State.Header,
            WholeFile = state.State.WholeFile,
            Restricted = state.State.RestrictedBy is not null,
            PredatesLog = Lifecycle.PredatesLog,
            Summary = Lifecycle.Status == CallStatus.Sealed ? await SummaryAsync() : null,
        };
    }

    public IAsyncEnumerable<byte[]> ReadOriginalAsync(CancellationToken cancellationToken = default) =>
        ReadOriginalAsync(GridCaller.Principal, cancellationToken);

    private async IAsyncEnumerable<byte[]> ReadOriginalAsync(GridPrincipal? principal, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var purpose = await AuthorizeContentAsync(principal, "export-original");
        Lifecycle.RequireSealed();
        Lifecycle.RequireLogLayout();
        await RecordingFiles.AuditAsync(GrainFactory, TenantId, CallId, "recording.export-original", purpose, principal?.Subject ?? GridCaller.AuditName, time.GetUtcNow());
        await foreach (var piece in files.ReadOriginalAsync(TenantId, CallId, state.State, cancellationToken))
        {
            yield return piece;
        }
    }

    public async Task<OriginalRecordingInfo> DescribeOriginalAsync(CancellationToken cancellationToken = default)
    {
        await AuthorizeContentAsync(GridCaller.Principal, "describe-original");
        Lifecycle.RequireSealed();
        var header = Grid.Crypto.Format.RecordingHeader.Decode(state.State.Header).Header;
        return new OriginalRecordingInfo { FormatVersion = header.Version, Key = header.Envelope.Key, WrapAlgorithm = header.Envelope.Algorithm };
    }

    public async Task<CallMetadata> GetMetadataAsync(CancellationToken cancellationToken = default)
    {
        var purpose = await AuthorizeContentAsync(GridCaller.Principal, "metadata");
        Lifecycle.RequireExisting();
        return await Keys.ReadMetadataAsync(state.State.Header, state.State.SealedMetadata, purpose);
    }

    /// <summary>Content access for the verified caller (null: the Grid's own workflow): the key-use purpose, or the refusal thrown.</summary>
    private async Task<string> AuthorizeContentAsync(GridPrincipal? principal, string purpose)
    {
        _ = Ids;
        var decision = await ContentAccess.AuthorizeAsync(GrainFactory, principal, Lifecycle.Status != CallStatus.None, TenantId, CallId, purpose, state.State.RestrictedBy is not null);
        return decision.Refusal is { } refusal ? throw refusal : decision.Purpose;
    }

    public async Task<bool> RestrictAsync(string? requestId, string principal, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        Lifecycle.RequireExisting();
        if (state.State.RestrictedBy == requestId)
        {
            return false;
        }

        await RecordingFiles.AuditAsync(GrainFactory, TenantId, CallId, requestId is null ? "recording.unrestrict" : "recording.restrict", requestId ?? state.State.RestrictedBy!, principal, time.GetUtcNow());
        state.State.RestrictedBy = requestId;
        await state.WriteOrThrowAsync();
        return true;
    }

    public Task<bool> LiftRestrictionAsync(CancellationToken cancellationToken = default) => RestrictAsync(null, GridCaller.AuditName);

    public async Task<int> CorrectParticipantAsync(string participantTerm, Grid.Requests.ParticipantCorrection correction, string principal, CancellationToken cancellationToken = default)
    {
        _ = Ids;
        Lifecycle.RequireExisting();
        using var cipher = await Keys.OpenAsync(state.State.Header, "correction");
        var metadata = MetadataCodec.Decode(cipher.DecryptMetadata(state.State.SealedMetadata));
        var (corrected, changed) = await catalog.CorrectAsync(TenantId, metadata, participantTerm, correction);
        if (changed == 0)
        {
            return 0;
        }

        CallMetadataRules.Validate(corrected);
        var plaintext = MetadataCodec.Encode(corrected);
        try
        {
            await RecordingFiles.AuditAsync(GrainFactory, TenantId, CallId, "metadata.correct", "data-subject-correction", principal, time.GetUtcNow());
            state.State.SealedMetadata = cipher.EncryptMetadata(plaintext);
            state.State.MetadataMac = cipher.MacMetadata(plaintext);
            await state.WriteOrThrowAsync();
            indexedRows = null;
            await catalog.ReindexAsync(TenantId, CallId, state.State.StartedAt, corrected);
            return changed;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
