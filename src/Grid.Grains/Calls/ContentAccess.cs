using Grid.Errors;
using Grid.Retention;
using Grid.Security;
using Grid.Tenants;

namespace Grid.Grains.Calls;

/// <summary>
/// Decides whether the verified caller may read a recording's content (media or metadata): the tenant must be
/// readable; a recording under a legal hold is isolated (only the legal-hold role reaches it, also after the
/// tenant's termination); otherwise the analyst role. A null principal is the Grid's own workflow (the self-test).
/// </summary>
internal static class ContentAccess
{
    /// <summary>The outcome: the key-use purpose to audit, or the refusal to throw.</summary>
    public sealed record Decision(string Purpose, GridException? Refusal);

    public static async Task<Decision> DecideAsync(GridPrincipal? principal, bool exists, ITenantGrain tenant, string callId, string purpose, bool restricted = false)
    {
        var legalHoldRole = principal?.HasRole(GridRoles.LegalHold) ?? false;
        var analyst = principal is null || principal.HasRole(GridRoles.Analyst);
        if (!analyst && !legalHoldRole)
        {
            return Refuse(new NotAuthorizedException(NotAuthorizedReason.Content, $"Not authorized (content): content needs the '{GridRoles.Analyst}' role."));
        }

        var status = (await tenant.GetInfoAsync()).Status;
        if (status == TenantStatus.Suspended)
        {
            return Refuse(new TenantUnavailableException(GridErrorCode.TenantSuspended, "The tenant is suspended; recording and playback resume when it is resumed."));
        }

        if (!exists)
        {
            return status == TenantStatus.Terminated
                ? Refuse(new TenantUnavailableException(GridErrorCode.TenantTerminated, "The tenant is terminated and its data deleted."))
                : new Decision(purpose, null);
        }

        LegalHold? hold = await tenant.FindHoldAsync(callId);
        if (status == TenantStatus.Terminated && (hold is null || !legalHoldRole))
        {
            // After termination only records under legal hold survive, and only the legal-hold role reaches them.
            return Refuse(new TenantUnavailableException(GridErrorCode.TenantTerminated, "The tenant is terminated and its data deleted."));
        }

        if (restricted && principal is not null && !(hold is not null && legalHoldRole))
        {
            // Art. 18: kept, not used; legal claims (a hold, by the legal-hold role) and the Grid's own export to the
            // person remain possible.
            return Refuse(new RecordingRestrictedException("The recording's processing is restricted on a data subject's request; it is kept but cannot be played or read until the restriction is lifted."));
        }

        if (hold is not null)
        {
            return legalHoldRole
                ? new Decision("legal-hold-" + purpose, null)
                : Refuse(new RecordingOnHoldException($"The recording is isolated under legal hold '{hold.CaseReference}'; only the '{GridRoles.LegalHold}' role may access it."));
        }

        return analyst
            ? new Decision(purpose, null)
            : Refuse(new NotAuthorizedException(NotAuthorizedReason.Content, $"Not authorized (content): the recording is not under a legal hold; content needs the '{GridRoles.Analyst}' role."));
    }

    /// <summary>
    /// The decision for the verified caller (null: the Grid's own workflow); a refusal of a person is written to the
    /// tenant's audit log before it is returned.
    /// </summary>
    public static async Task<Decision> AuthorizeAsync(IGrainFactory grains, GridPrincipal? principal, bool exists, string tenantId, string callId, string purpose, bool restricted = false)
    {
        var decision = await DecideAsync(principal, exists, grains.GetGrain<ITenantGrain>(tenantId), callId, purpose, restricted);
        if (decision.Refusal is not null && principal is not null)
        {
            await grains.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).AppendAsync(new Grid.Audit.AuditRecord
            {
                TenantId = tenantId,
                Action = "access.refused",
                Purpose = purpose,
                Principal = principal.Subject,
                CallId = callId,
            });
        }

        return decision;
    }

    private static Decision Refuse(GridException refusal) => new(string.Empty, refusal);
}
