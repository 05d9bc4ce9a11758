namespace Grid.Grains.Audit;

/// <summary>When a tenant's audit log head is signed (configuration section <c>Grid:Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>Sign the head at least every this many records.</summary>
    public int CheckpointEvery { get; set; } = 100;

    /// <summary>And at least this often while records are being added (a reminder per tenant, only while the head moves).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromHours(1);
}
