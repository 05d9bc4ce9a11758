using Grid.Events;
using Grid.Grains.Calls;
using Microsoft.Extensions.Logging;

namespace Grid.Grains.Governance;

/// <summary>What governance steps share: the tenant event they raise and their deadline reminder (the audit record: <see cref="Grid.Grains.Audit.TenantAudit"/>).</summary>
internal static class GovernanceRecords
{
    public static Task PublishAsync(Grain grain, CallEventKind kind, string tenantId, string reference, DateTimeOffset at, ILogger logger) =>
        TenantEvents.PublishAsync(grain, new CallEvent { Kind = kind, TenantId = tenantId, CallId = string.Empty, Reference = reference, At = at }, logger);

    /// <summary>Registers the workflow's deadline check, unless it is already registered.</summary>
    public static async Task EnsureReminderAsync(Grain grain, string name, TimeSpan period)
    {
        if (await grain.GetReminder(name) is null)
        {
            await grain.RegisterOrUpdateReminder(name, period, period);
        }
    }

    public static async Task StopReminderAsync(Grain grain, string name)
    {
        if (await grain.GetReminder(name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
