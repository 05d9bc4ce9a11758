namespace Grid.Errors;

/// <summary>
/// Stable machine-readable codes of every error the Grid returns. Values are part of the wire and HTTP contract:
/// never renumber, only append.
/// </summary>
public enum GridErrorCode
{
    /// <summary>An argument was malformed (an id, a sequence number, a chunk, metadata).</summary>
    InvalidInput = 1,

    /// <summary>No tenant with this id has been provisioned.</summary>
    TenantUnknown = 2,

    /// <summary>The tenant is suspended; recording and playback are refused until it is resumed.</summary>
    TenantSuspended = 3,

    /// <summary>The tenant is terminated; nothing new is accepted.</summary>
    TenantTerminated = 4,

    /// <summary>The tenant is being terminated: nothing new is recorded; export is possible until deletion.</summary>
    TenantTerminating = 6,

    /// <summary>The tenant already exists with different settings.</summary>
    TenantAlreadyProvisioned = 5,

    /// <summary>The call has not been started.</summary>
    CallNotStarted = 10,

    /// <summary>The call was already started with different metadata.</summary>
    CallAlreadyStarted = 11,

    /// <summary>The call is sealed; no more media is accepted.</summary>
    CallSealed = 12,

    /// <summary>The call is not sealed yet, so it cannot be played back.</summary>
    CallNotSealed = 13,

    /// <summary>A chunk with this sequence number was already stored with different content.</summary>
    ChunkConflict = 14,

    /// <summary>The call is paused already (a second pause that is not a retry of the first).</summary>
    CallPaused = 15,

    /// <summary>The call is not paused (a resume without a pause, or one that does not match the last resume).</summary>
    CallNotPaused = 16,

    /// <summary>No redaction with this id exists on the recording.</summary>
    RedactionNotFound = 17,

    /// <summary>The redaction was decided already (approved or rejected), or the recording cannot be redacted now.</summary>
    RedactionState = 18,

    /// <summary>Two-person rule: the person who requested a redaction may not approve it.</summary>
    RedactionSamePerson = 19,

    /// <summary>The recording is under a legal hold: it may not be altered, so a redaction is refused.</summary>
    RedactionOnHold = 22,

    /// <summary>A chunk is larger than the configured maximum.</summary>
    ChunkTooLarge = 20,

    /// <summary>The call exceeds its configured maximum length (sequence number or duration).</summary>
    CallTooLong = 21,

    /// <summary>The principal may not perform this operation on this tenant's data.</summary>
    NotAuthorized = 30,

    /// <summary>No recording exists under this id.</summary>
    RecordingNotFound = 40,

    /// <summary>Stored data failed its integrity check (tampered, truncated or corrupted).</summary>
    RecordingCorrupt = 41,

    /// <summary>The recording was deleted (retention, termination or request); the error carries the deletion time.</summary>
    RecordingDeleted = 42,

    /// <summary>The recording is isolated under a legal hold: only the legal-hold role may access it.</summary>
    RecordingOnHold = 43,

    /// <summary>The recording's processing is restricted on a data subject's request (Art. 18): it is kept, not played.</summary>
    RecordingRestricted = 44,

    /// <summary>
    /// The recording is stored in a storage layout this release does not read (layout v1: part blobs written before
    /// the recording log). It is kept unchanged and can be deleted; play or export it with a release that reads v1.
    /// </summary>
    RecordingLayoutUnsupported = 45,

    /// <summary>
    /// The recording's samples cannot be read for this operation (a waveform of Opus or of a WAV file of floating-point
    /// samples, an unknown media type). The recording itself is unaffected and plays as stored.
    /// </summary>
    MediaFormatUnsupported = 46,

    /// <summary>
    /// The recording is held in write-once storage (the tenant's WORM mode) until its retention end: it may not be
    /// deleted, redacted or rewritten before then, by anyone; the storage service itself refuses it.
    /// </summary>
    RecordingImmutable = 47,

    /// <summary>
    /// The tenant is in WORM mode but its storage container does not have version-level immutability enabled (a
    /// deployment fault the processor must fix): the Grid refuses to record for the tenant rather than store without it.
    /// </summary>
    WormStorageNotEnabled = 48,

    /// <summary>A data-subject request is not in a state that allows this step.</summary>
    RequestState = 70,

    /// <summary>No data-subject request with this id exists for the tenant.</summary>
    RequestNotFound = 71,

    /// <summary>The tenant's key custody could not perform the operation.</summary>
    KeyUnavailable = 50,

    /// <summary>The tenant's key is revoked: nothing can be decrypted or recorded until the tenant re-enables it.</summary>
    KeyRevoked = 51,

    /// <summary>The tenant's key was destroyed (crypto-shredded): what it protected is permanently unreadable.</summary>
    KeyDestroyed = 52,

    /// <summary>Durable storage was unreachable; the operation did not take effect and may be retried.</summary>
    StorageUnavailable = 60,

    /// <summary>A sub-processor change was announced with less than the contractual notice before it takes effect.</summary>
    NoticeTooShort = 80,

    /// <summary>The objection window of a sub-processor change has closed (30 days after the notice).</summary>
    ObjectionWindowClosed = 81,

    /// <summary>An ordinary audit was already accepted within the last 12 months (name an exception to ask again).</summary>
    AuditTooSoon = 82,

    /// <summary>A governance workflow (sub-processor notice, incident, audit request) is unknown or not in a state that allows the step.</summary>
    GovernanceState = 83,

    /// <summary>A transfer of tenant data to another jurisdiction was refused: the tenant recorded no safeguard for the destination.</summary>
    TransferRefused = 90,
}
