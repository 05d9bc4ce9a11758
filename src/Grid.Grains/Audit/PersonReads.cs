using Grid.Audit;
using Grid.Security;
using Grid.Security.Calls;

namespace Grid.Grains.Audit;

/// <summary>
/// Status reads by people (tenant status, holds, key status, recording summaries) go into the tenant's audit log with
/// the verified subject, before the answer. The Grid's own calls and recorder frontends' reads are not audited (a
/// recorder is a machine reading its own calls' progress).
/// </summary>
internal static class PersonReads
{
    public static Task AuditAsync(IGrainFactory grains, string tenantId, string action, string? callId, DateTimeOffset at)
    {
        if (GridCaller.IsInternal || GridCaller.Principal is not { } person || person.HasRole(GridRoles.Recorder))
        {
            return Task.CompletedTask;
        }

        return grains.GetGrain<IAuditLogGrain>(tenantId).AppendAsync(new AuditRecord
        {
            TenantId = tenantId,
            At = at,
            Action = action,
            Purpose = "read",
            Principal = person.Subject,
            CallId = callId,
        });
    }
}
