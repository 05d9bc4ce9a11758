namespace Grid.Grains.Calls;

/// <summary>Configured limits of one recording (configuration section <c>Grid:Limits</c>).</summary>
public sealed class CallLimits
{
    /// <summary>Largest chunk accepted, in bytes.</summary>
    public int MaxChunkBytes { get; set; } = 512 * 1024;

    /// <summary>Highest sequence number accepted (at 100 ms chunks the default is 27 hours).</summary>
    public long MaxSequenceNumber { get; set; } = 1_000_000;

    /// <summary>Longest a call may record, from Start.</summary>
    public TimeSpan MaxCallDuration { get; set; } = TimeSpan.FromHours(26);
}
