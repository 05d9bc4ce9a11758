using Grid.Security;

namespace Grid.Calls;

/// <summary>
/// The life of one recording, keyed <c>{tenantId}/{callId}</c> (see <see cref="GridIds.CallKey"/>).
/// Start → Append (sequence-numbered, idempotent, any order) → End (seal) → authorized playback.
/// Who may call each method is on the method (<see cref="GridAccessAttribute"/>); the caller is the verified
/// principal of the call's credential.
/// </summary>
[Alias("Grid.Calls.ICallGrain")]
public interface ICallGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the recording: creates its data key, wraps it under the tenant's key and stores the encrypted
    /// metadata. Repeating the call with the same metadata is acknowledged again; different metadata is refused
    /// with <see cref="Errors.CallStateException"/> (<see cref="Errors.GridErrorCode.CallAlreadyStarted"/>).
    /// </summary>
    /// <param name="metadata">Personal metadata of the call; encrypted before it is stored.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The summary of the started call.</returns>
    [Alias("Start")]
    [GridAccess(GridRoles.Recorder)]
    Task<CallSummary> StartAsync(CallMetadata metadata, CancellationToken cancellationToken = default);

    /// <summary>
    /// Encrypts one media chunk and stores it durably; returns only after the encrypted chunk is durable.
    /// A chunk whose sequence number was already stored with the same content is acknowledged as a duplicate
    /// and not stored again.
    /// </summary>
    /// <param name="sequence">Sequence number of the chunk (0-based, any order, gaps allowed).</param>
    /// <param name="data">The media bytes (1 byte up to the configured maximum).</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The acknowledgement.</returns>
    [Alias("Append")]
    [GridAccess(GridRoles.Recorder)]
    [ResponseTimeout("00:00:02")]
    Task<AppendResult> AppendAsync(long sequence, byte[] data, CancellationToken cancellationToken = default);

    /// <summary>
    /// Pauses the recording from <see cref="PauseRequest.FromSequence"/>: chunks from there are dropped on receipt
    /// (acknowledged with <see cref="AppendResult.Paused"/>, stored nowhere) until <see cref="ResumeAsync"/>. Audited
    /// (<c>recording.paused</c>). Repeating the same pause is acknowledged again; another pause while paused is
    /// refused (<see cref="Errors.GridErrorCode.CallPaused"/>), as is a pause from a sequence number already stored.
    /// </summary>
    /// <param name="request">Where and why.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The summary, with the open pause last in <see cref="CallSummary.Pauses"/>.</returns>
    [Alias("Pause")]
    [GridAccess(GridRoles.Recorder, GridRoles.TenantAdmin)]
    Task<CallSummary> PauseAsync(PauseRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Resumes a paused recording: chunks from <paramref name="fromSequence"/> are recorded again (those between the
    /// pause and it stay dropped). Audited (<c>recording.resumed</c>). Repeating the same resume is acknowledged
    /// again; a resume without a pause is refused (<see cref="Errors.GridErrorCode.CallNotPaused"/>).
    /// </summary>
    /// <param name="fromSequence">The first sequence number recorded again (at least the pause's), or <see cref="PauseRequest.Next"/>: after every chunk received so far.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The summary.</returns>
    [Alias("Resume")]
    [GridAccess(GridRoles.Recorder, GridRoles.TenantAdmin)]
    Task<CallSummary> ResumeAsync(long fromSequence, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records media the recorder expected and did not get (lost packets, a silent source) with its time range:
    /// a reported gap, never silently glued. Durable when this returns. Repeated reports are kept once.
    /// </summary>
    /// <param name="gaps">1 to 100 gaps.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the reports are durable.</returns>
    [Alias("ReportMediaGaps")]
    [GridAccess(GridRoles.Recorder)]
    Task ReportMediaGapsAsync(IReadOnlyList<MediaGapReport> gaps, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the metadata of a recording call with the recorder's merged view (a participant joined or left, a
    /// transfer): re-encrypted under the recording's key, re-indexed so that every participant ever on the call is
    /// found, audited (<c>recording.metadata-updated</c>). The media type cannot change.
    /// </summary>
    /// <param name="metadata">The whole metadata as it is now.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The summary (<see cref="CallSummary.MetadataUpdates"/> counts updates).</returns>
    [Alias("UpdateMetadata")]
    [GridAccess(GridRoles.Recorder)]
    Task<CallSummary> UpdateMetadataAsync(CallMetadata metadata, CancellationToken cancellationToken = default);

    /// <summary>
    /// Requests that a range of the sealed recording be replaced by silence for good (two-person rule: a different
    /// tenant admin approves it). Nothing changes until then. Audited (<c>recording.redaction-requested</c>) and a
    /// tenant event. Refused under a legal hold (<see cref="Errors.GridErrorCode.RedactionOnHold"/>), for media whose
    /// bytes cannot be placed in time, and for a range or channel outside the recording.
    /// </summary>
    /// <param name="request">The range on the playback timeline, the channels and the reason.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pending redaction.</returns>
    [Alias("RequestRedaction")]
    [GridAccess(GridRoles.PrivacyOfficer)]
    Task<RecordingRedaction> RequestRedactionAsync(RedactionRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Approves a pending redaction and applies it: a new version of the recording with the range silenced,
    /// encrypted under a new data key, replaces the original; the original's data key is destroyed (every wrapped
    /// copy: grain state, manifest, replica) and its frames are left to the next log collection. Returns the signed
    /// certificate. The requester may not approve (<see cref="Errors.GridErrorCode.RedactionSamePerson"/>); a legal
    /// hold refuses. Repeating the approval of an applied redaction returns its outcome again.
    /// </summary>
    /// <param name="redactionId">The redaction.</param>
    /// <param name="cancellationToken">Cancels the call until the new version is written.</param>
    /// <returns>The redacted recording's summary and the certificate.</returns>
    [Alias("ApproveRedaction")]
    [GridAccess(GridRoles.TenantAdmin)]
    [ResponseTimeout("00:05:00")]
    Task<RedactionOutcome> ApproveRedactionAsync(string redactionId, CancellationToken cancellationToken = default);

    /// <summary>Rejects (or, by its requester, withdraws) a pending redaction; nothing else changes. Audited.</summary>
    /// <param name="redactionId">The redaction.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rejected redaction.</returns>
    [Alias("RejectRedaction")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.PrivacyOfficer)]
    Task<RecordingRedaction> RejectRedactionAsync(string redactionId, CancellationToken cancellationToken = default);

    /// <summary>The signed certificate of an applied redaction.</summary>
    /// <param name="redactionId">The redaction.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The certificate.</returns>
    [Alias("GetRedactionCertificate")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.PrivacyOfficer, GridRoles.Auditor)]
    Task<Grid.Retention.DeletionCertificate> GetRedactionCertificateAsync(string redactionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends and seals the recording. Idempotent: ending a sealed call returns the same summary. Gaps in the
    /// received sequence numbers are reported in <see cref="CallSummary.Gaps"/>.
    /// </summary>
    /// <returns>The final summary.</returns>
    [Alias("End")]
    [GridAccess(GridRoles.Recorder)]
    Task<CallSummary> EndAsync(CancellationToken cancellationToken = default);

    /// <summary>Returns the recording's summary (no personal data: ids, status, counts, sizes, times).</summary>
    /// <returns>The summary; <see cref="CallStatus.None"/> when the call was never started.</returns>
    [Alias("GetSummary")]
    [GridAccess(GridRoles.Recorder, GridRoles.Analyst, GridRoles.TenantAdmin, GridRoles.PrivacyOfficer, GridRoles.LegalHold, GridRoles.Auditor, GridRoles.Operator)]
    Task<CallSummary> GetSummaryAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The summary without the audit record a person's read leaves: for the Grid's own reconciliation (capture
    /// completeness), which reads many recordings' summaries and no content.
    /// </summary>
    /// <returns>The summary.</returns>
    [Alias("DescribeForCompleteness")]
    [InternalOnly]
    Task<CallSummary> DescribeForCompletenessAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams the sealed recording's media back, decrypted, in sequence order, one chunk per element. The caller
    /// must hold <see cref="GridRoles.Analyst"/> (or <see cref="GridRoles.LegalHold"/> for a recording under a hold).
    /// </summary>
    /// <param name="cancellationToken">Stops the stream.</param>
    /// <returns>The chunks, exactly as they were appended.</returns>
    [Alias("ReadMedia")]
    [GridAccess(GridRoles.Analyst, GridRoles.LegalHold)]
    IAsyncEnumerable<byte[]> ReadMediaAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// What a reader outside the call grain needs to play the recording (<see cref="IRecordingReaderGrain"/>): its
    /// status, the encoded header (the wrapped key, never a plaintext one), its layout and restriction. No content.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The description.</returns>
    [Alias("GetPlaybackInfo")]
    [InternalOnly]
    Task<PlaybackInfo> GetPlaybackInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Re-wraps the recording's data key under the tenant's current key version, without decrypting any media
    /// (the header's key envelope is outside the segments' associated data).
    /// </summary>
    /// <returns>True when re-wrapped; false when it already used the current version.</returns>
    [Alias("RewrapKey")]
    [InternalOnly]
    Task<bool> RewrapKeyAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the recording: its blobs, its wrapped data key, its metadata and its index entries; leaves a tombstone
    /// (ids and times). A recording under a legal hold is not deleted. Idempotent. Internal: retention and
    /// termination call it; a tenant asks through <see cref="RequestDeletionAsync"/>.
    /// </summary>
    /// <param name="reason"><c>retention</c>, <c>termination</c> or <c>request</c>.</param>
    /// <param name="principal">Who asked (a verified subject, or <c>grid:*</c>).</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The summary: <see cref="CallStatus.Deleted"/>, or unchanged when held.</returns>
    [Alias("Delete")]
    [InternalOnly]
    Task<CallSummary> DeleteAsync(string reason, string principal, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the recording on the tenant's request (erasure), audited with the verified subject. A recording under
    /// a legal hold is not deleted. Idempotent.
    /// </summary>
    /// <returns>The summary: <see cref="CallStatus.Deleted"/>, or unchanged when held.</returns>
    [Alias("RequestDeletion")]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.PrivacyOfficer)]
    Task<CallSummary> RequestDeletionAsync(CancellationToken cancellationToken = default);

    /// <summary>Returns the decrypted metadata (same roles as playback).</summary>
    /// <returns>The metadata given at start.</returns>
    [Alias("GetMetadata")]
    [GridAccess(GridRoles.Analyst, GridRoles.LegalHold)]
    Task<CallMetadata> GetMetadataAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams the sealed recording's encrypted original: the RGRD file exactly as the Grid keeps it (header with the
    /// wrapped data key, then the encrypted frames), for the customer to keep or decrypt with its own key. Same roles
    /// as playback; audited (<c>recording.export-original</c>).
    /// </summary>
    /// <param name="cancellationToken">Stops the stream.</param>
    /// <returns>The file's bytes in pieces of up to 64 KiB.</returns>
    [Alias("ReadOriginal")]
    [GridAccess(GridRoles.Analyst, GridRoles.LegalHold)]
    IAsyncEnumerable<byte[]> ReadOriginalAsync(CancellationToken cancellationToken = default);

    /// <summary>The format version and key reference of the encrypted original (same roles as playback).</summary>
    /// <returns>The description.</returns>
    [Alias("DescribeOriginal")]
    [GridAccess(GridRoles.Analyst, GridRoles.LegalHold)]
    Task<OriginalRecordingInfo> DescribeOriginalAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Extends a sealed recording's retention to <paramref name="retainUntil"/> (later than its current retention
    /// end, at most 100 years ahead; retention is never shortened): the retention sweep follows, and for a WORM
    /// tenant the write-once copy's immutability policy is extended too (a locked policy can only be extended).
    /// Audited as <c>recording.retention-extended</c>.
    /// </summary>
    /// <param name="retainUntil">The new retention end.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The summary with the new retention end.</returns>
    [Alias("ExtendRetention")]
    [GridAccess(GridRoles.TenantAdmin)]
    Task<CallSummary> ExtendRetentionAsync(DateTimeOffset retainUntil, CancellationToken cancellationToken = default);

    /// <summary>
    /// WORM mode: makes the storage legal hold of the recording's write-once copy follow the tenant's legal holds
    /// (set while a hold names the call or every recording, cleared when none does). Nothing for a recording not in
    /// write-once storage: it gets its hold when it arrives there.
    /// </summary>
    /// <param name="held">Whether a legal hold of the tenant covers the call now.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when storage carries the hold.</returns>
    /// <remarks>Interleaves: the tenant grain calls it while the call may be waiting for the tenant's holds.</remarks>
    [Alias("SyncStorageHold")]
    [InternalOnly]
    [Orleans.Concurrency.AlwaysInterleave]
    Task SyncStorageHoldAsync(bool held, CancellationToken cancellationToken = default);

    /// <summary>
    /// Restricts (or lifts the restriction of) the recording's processing on a data subject's request: while
    /// restricted, media and metadata are refused to everyone (<see cref="Errors.RecordingRestrictedException"/>);
    /// the recording and its retention are kept. Audited.
    /// </summary>
    /// <param name="requestId">The data-subject request, or null to lift the restriction.</param>
    /// <param name="principal">Who asked.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>True when the restriction changed.</returns>
    [Alias("Restrict")]
    [InternalOnly]
    Task<bool> RestrictAsync(string? requestId, string principal, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lifts a restriction placed on a data subject's request (Art. 18(3): the privacy officer tells the person
    /// first). Audited. Idempotent.
    /// </summary>
    /// <returns>True when a restriction was lifted.</returns>
    [Alias("LiftRestriction")]
    [GridAccess(GridRoles.PrivacyOfficer)]
    Task<bool> LiftRestrictionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Corrects the entries of the participant whose index term is <paramref name="participantTerm"/> in the
    /// recording's metadata (re-encrypted under the recording's data key) and re-indexes it. Audited.
    /// </summary>
    /// <param name="participantTerm">The blind-index term of the person.</param>
    /// <param name="correction">The corrected values.</param>
    /// <param name="principal">Who asked.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>How many participant entries changed.</returns>
    [Alias("CorrectParticipant")]
    [InternalOnly]
    Task<int> CorrectParticipantAsync(string participantTerm, Grid.Requests.ParticipantCorrection correction, string principal, CancellationToken cancellationToken = default);
}
