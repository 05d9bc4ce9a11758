using System.Globalization;
using Grid.Errors;
using Grid.Governance;

namespace Grid.Grains.Governance;

/// <summary>The audit-rights rule: at most one ordinary audit in any 12 months; exceptions name their reference.</summary>
public static class AuditRightsRules
{
    /// <summary>Validates a request's fields.</summary>
    public static void Check(AuditRequestSpec? spec)
    {
        if (spec is null || string.IsNullOrWhiteSpace(spec.Scope) || spec.Scope.Length > 1000)
        {
            throw new GridValidationException("An audit request states its scope in 1-1000 characters.");
        }

        if (!Enum.IsDefined(spec.Exception))
        {
            throw new GridValidationException("An audit request's exception is none, authorityInstruction or incident.");
        }

        if (spec.Exception != AuditException.None && (string.IsNullOrWhiteSpace(spec.Reference) || spec.Reference.Length > 256))
        {
            throw new GridValidationException("An exception names its reference (the authority's reference or the incident id) in 1-256 characters.");
        }

        if (spec.CredentialDays is < 1 or > 30)
        {
            throw new GridValidationException("The auditor credential lasts 1-30 days.");
        }
    }

    /// <summary>
    /// Throws <see cref="GridErrorCode.AuditTooSoon"/> when an ordinary request comes less than 12 calendar months
    /// after the last accepted ordinary one (exactly 12 months later is allowed).
    /// </summary>
    public static void CheckFrequency(AuditRequestSpec spec, IEnumerable<AuditRequestInfo> accepted, DateTimeOffset now)
    {
        if (spec.Exception != AuditException.None)
        {
            return;
        }

        var last = accepted.Where(a => a.Spec.Exception == AuditException.None).Select(a => (DateTimeOffset?)a.AcceptedAt).Max();
        if (last is { } at && now < NextOrdinary(at))
        {
            throw new GovernanceException(GridErrorCode.AuditTooSoon,
                $"An ordinary audit was accepted on {at.ToString("O", CultureInfo.InvariantCulture)}: the next one may be requested from {NextOrdinary(at).ToString("O", CultureInfo.InvariantCulture)}. A supervisory authority's instruction or an incident that affected the tenant is an exception (name it with its reference).");
        }
    }

    /// <summary>When the next ordinary audit may be requested after one accepted at <paramref name="acceptedAt"/>.</summary>
    public static DateTimeOffset NextOrdinary(DateTimeOffset acceptedAt) => acceptedAt.AddMonths(12);
}
