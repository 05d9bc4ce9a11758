namespace Grid.Grains.Requests;

/// <summary>Data-subject requests (configuration section <c>Grid:Requests</c>).</summary>
public sealed class DataSubjectRequestOptions
{
    /// <summary>How often an open request checks its deadline (a reminder; at least the silo's minimum reminder period).</summary>
    public TimeSpan CheckPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long before the deadline the tenant is warned.</summary>
    public TimeSpan WarnBefore { get; set; } = TimeSpan.FromDays(7);
}
