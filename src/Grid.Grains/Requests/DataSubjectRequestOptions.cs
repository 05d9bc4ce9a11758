using System.ComponentModel.DataAnnotations;

namespace Grid.Grains.Requests;

/// <summary>Data-subject requests (configuration section <c>Grid:Requests</c>).</summary>
public sealed class DataSubjectRequestOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Grid:Requests";

    /// <summary>How often an open request checks its deadline (a reminder; at least the silo's minimum reminder period).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Grid:Requests:CheckPeriod is between 1 second and 1 day.")]
    public TimeSpan CheckPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long before the deadline the tenant is warned.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00", ErrorMessage = "Grid:Requests:WarnBefore is between 0 and 30 days.")]
    public TimeSpan WarnBefore { get; set; } = TimeSpan.FromDays(7);
}
