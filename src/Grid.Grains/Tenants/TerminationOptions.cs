using System.ComponentModel.DataAnnotations;

namespace Grid.Grains.Tenants;

/// <summary>Post-termination deletion (configuration section <c>Grid:Termination</c>).</summary>
public sealed class TerminationOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Grid:Termination";

    /// <summary>The DPA's hard limit: everything is deleted within 15 days of termination.</summary>
    public const int ContractualMaxDays = 15;

    /// <summary>This grid's maximum (may be shorter than 15, never longer).</summary>
    [Range(1, ContractualMaxDays, ErrorMessage = "Grid:Termination:MaxDeletionDays is between 1 and 15 (the addendum's limit).")]
    public int MaxDeletionDays { get; set; } = ContractualMaxDays;

    /// <summary>How often the termination workflow wakes up to check its deadline.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Grid:Termination:WakePeriod is between 1 second and 1 day.")]
    public TimeSpan WakePeriod { get; set; } = TimeSpan.FromHours(1);
}
