using System.ComponentModel.DataAnnotations;

namespace Grid.Grains.Audit;

/// <summary>When a tenant's audit log head is signed (configuration section <c>Grid:Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Grid:Audit";

    /// <summary>Sign the head at least every this many records.</summary>
    [Range(1, 100_000, ErrorMessage = "Grid:Audit:CheckpointEvery is between 1 and 100,000 records.")]
    public int CheckpointEvery { get; set; } = 100;

    /// <summary>
    /// And at least this often while records are being added (a reminder per tenant, only while the head moves): the
    /// window in which a rewrite of the young log by someone with storage access but not the signing key goes unseen
    /// (docs/audit-log.md). Orleans reminders tick at most once a minute.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "Grid:Audit:CheckpointInterval is between 1 minute and 1 day.")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(5);
}
