namespace Grid.Events;

/// <summary>Kinds of events on a tenant's event stream.</summary>
public enum CallEventKind
{
    /// <summary>A recording was started.</summary>
    CallStarted = 1,

    /// <summary>A recording was ended and sealed.</summary>
    CallSealed = 2,

    /// <summary>A recording was deleted.</summary>
    RecordingDeleted = 3,

    /// <summary>The tenant's audit log head was signed (<see cref="CallEvent.AuditSequence"/>); the call id is empty.</summary>
    AuditCheckpoint = 4,

    /// <summary>A data-subject request's deadline is near (<see cref="CallEvent.RequestId"/>).</summary>
    DataSubjectDeadlineApproaching = 5,

    /// <summary>A data-subject request's deadline passed without an answer.</summary>
    DataSubjectDeadlineMissed = 6,

    /// <summary>The tenant's key was rotated (<see cref="CallEvent.KeyVersion"/> is the new version).</summary>
    KeyRotated = 7,

    /// <summary>The tenant revoked its key: nothing is decrypted or recorded until it is enabled.</summary>
    KeyRevoked = 8,

    /// <summary>The tenant re-enabled its key.</summary>
    KeyEnabled = 9,

    /// <summary>The tenant's key was destroyed (crypto-shredding).</summary>
    KeyDestroyed = 10,

    /// <summary>The tenant's termination was scheduled (deletion dates in the tenant's status).</summary>
    TerminationScheduled = 11,

    /// <summary>Post-termination deletion is complete and certified.</summary>
    TerminationCompleted = 12,

    /// <summary>A sub-processor change was announced (<see cref="CallEvent.Reference"/> is the change id); objections are open for 30 days.</summary>
    SubProcessorNotice = 13,

    /// <summary>The objection window of a sub-processor change closed (<see cref="CallEvent.Reference"/> is the change id).</summary>
    SubProcessorObjectionDeadline = 14,

    /// <summary>A security incident affecting the tenant was declared (<see cref="CallEvent.Reference"/> is the incident id).</summary>
    IncidentDeclared = 15,

    /// <summary>A security incident was updated, or its notice sent again because it is not yet acknowledged.</summary>
    IncidentUpdated = 16,

    /// <summary>An audit request was accepted and a time-boxed auditor credential issued (<see cref="CallEvent.Reference"/> is the request id).</summary>
    AuditRequestAccepted = 17,
}
