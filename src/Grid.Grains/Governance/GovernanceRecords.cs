namespace Grid.Grains.Governance;

/// <summary>What governance workflows share: their deadline reminder (the audit record: <see cref="Grid.Grains.Audit.TenantAudit"/>; the tenant event: <see cref="Grid.Grains.Events.EventOutbox"/>).</summary>
internal static class GovernanceRecords
{
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
