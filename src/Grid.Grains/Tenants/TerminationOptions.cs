namespace Grid.Grains.Tenants;

/// <summary>Post-termination deletion (configuration section <c>Grid:Termination</c>).</summary>
public sealed class TerminationOptions
{
    /// <summary>The DPA's hard limit: everything is deleted within 15 days of termination.</summary>
    public const int ContractualMaxDays = 15;

    /// <summary>This grid's maximum (may be shorter than 15, never longer).</summary>
    public int MaxDeletionDays { get; set; } = ContractualMaxDays;

    /// <summary>How often the termination workflow wakes up to check its deadline.</summary>
    public TimeSpan WakePeriod { get; set; } = TimeSpan.FromHours(1);
}
