using Grid.Audit;

namespace Grid.Grains.Audit;

/// <summary>Appends one record to a tenant's hash-chained audit log (the one way workflows write it).</summary>
internal static class TenantAudit
{
    public static Task AppendAsync(IGrainFactory grains, string tenantId, string action, string purpose, string principal, DateTimeOffset at, string? callId = null) =>
        grains.GetGrain<IAuditLogGrain>(tenantId).AppendAsync(new AuditRecord
        {
            TenantId = tenantId,
            At = at,
            Action = action,
            Purpose = purpose,
            Principal = principal,
            CallId = callId,
        });
}
