using Grid.Calls;
using Grid.Errors;
using Grid.Requests;

namespace Grid.Grains.Requests;

/// <summary>
/// The guarded transitions of a data-subject request and its deadline arithmetic (GDPR Art. 12(3): one month from
/// receipt, extendable once by two further months with a reason). Pure: unit-tested without a cluster.
/// </summary>
public sealed class DataSubjectRequestLifecycle(DataSubjectRequestState state)
{
    public DataSubjectRequestStatus Status => state.Status;

    public bool IsClosed => state.Status is DataSubjectRequestStatus.Completed or DataSubjectRequestStatus.Refused;

    /// <summary>Opens the request at <paramref name="now"/>; the same request again is a no-op (false).</summary>
    public bool Open(DataSubjectRequestSpec spec, string participantTerm, DateTimeOffset now)
    {
        if (state.Status != DataSubjectRequestStatus.None)
        {
            return state.Kind == spec.Kind && state.ParticipantTerm == participantTerm
                ? false
                : throw new RequestStateException("A request with this id already exists for another person or kind; use a new request id.");
        }

        state.Kind = spec.Kind;
        state.ParticipantTerm = participantTerm;
        state.Reference = spec.Reference;
        state.ReceivedAt = now;
        state.Deadline = now.AddMonths(1);
        state.Status = DataSubjectRequestStatus.Received;
        return true;
    }

    public static void Validate(DataSubjectRequestSpec spec)
    {
        if (spec is null || spec.Kind == DataSubjectRequestKind.None || !Enum.IsDefined(spec.Kind))
        {
            throw new GridValidationException("A request names its kind: access, portability, correction, restriction or erasure.");
        }

        _ = ParticipantIdentifier.ForIndex(spec.Identifier);
        CallMetadataRules.CheckText(spec.Reference, "reference", 128, required: false);
    }

    public void VerifyIdentity(string method)
    {
        CallMetadataRules.CheckText(method, "identity verification", 256, required: true);
        RequireOpen();
        if (state.Status == DataSubjectRequestStatus.Received)
        {
            state.IdentityVerification = method;
            state.Status = DataSubjectRequestStatus.IdentityVerified;
        }
    }

    public void Extend(string reason)
    {
        CallMetadataRules.CheckText(reason, "extension reason", 256, required: true);
        RequireOpen();
        if (state.ExtensionReason is not null)
        {
            throw new RequestStateException("The deadline was already extended; it can be extended only once, by two months.");
        }

        state.ExtensionReason = reason;
        state.Deadline = state.ReceivedAt.AddMonths(3);
    }

    public void Refuse(string reason, DateTimeOffset now)
    {
        CallMetadataRules.CheckText(reason, "refusal reason", 256, required: true);
        RequireOpen();
        state.RefusalReason = reason;
        state.Status = DataSubjectRequestStatus.Refused;
        state.ClosedAt = now;
    }

    /// <summary>Starts carrying the request out (again, after an interrupted run).</summary>
    public void BeginRun()
    {
        RequireRunnable();
        state.Status = DataSubjectRequestStatus.InProgress;
    }

    /// <summary>Throws unless the request may be carried out now (open, identity verified).</summary>
    public void RequireRunnable()
    {
        RequireOpen();
        if (state.Status is not (DataSubjectRequestStatus.IdentityVerified or DataSubjectRequestStatus.InProgress))
        {
            throw new RequestStateException("Verify the person's identity before carrying the request out.");
        }
    }

    public void Complete(DateTimeOffset now)
    {
        state.Status = DataSubjectRequestStatus.Completed;
        state.ClosedAt = now;
    }

    /// <summary>
    /// The deadline notice due at <paramref name="now"/> that has not been raised yet: <c>deadline-missed</c> after
    /// the deadline, <c>deadline-approaching</c> within <paramref name="warnBefore"/> of it; null otherwise.
    /// </summary>
    public string? DueNotice(DateTimeOffset now, TimeSpan warnBefore)
    {
        if (IsClosed || state.Status == DataSubjectRequestStatus.None)
        {
            return null;
        }

        var notice = now > state.Deadline ? "deadline-missed" : now >= state.Deadline - warnBefore ? "deadline-approaching" : null;
        return notice is null || state.Notices.Contains(notice + "@" + state.Deadline.ToString("O", System.Globalization.CultureInfo.InvariantCulture)) ? null : notice;
    }

    /// <summary>Records that <paramref name="notice"/> was raised for the current deadline.</summary>
    public void Raised(string notice) => state.Notices.Add(notice + "@" + state.Deadline.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Throws <see cref="RequestNotFoundException"/> for a request that was never opened.</summary>
    public void RequireExisting()
    {
        if (state.Status == DataSubjectRequestStatus.None)
        {
            throw new RequestNotFoundException("No data-subject request with this id exists for the tenant.");
        }
    }

    private void RequireOpen()
    {
        RequireExisting();
        if (IsClosed)
        {
            throw new RequestStateException($"The request is already {state.Status.ToString().ToLowerInvariant()}.");
        }
    }
}
