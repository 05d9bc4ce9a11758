using System.ComponentModel.DataAnnotations;

namespace Grid.Grains.Calls;

/// <summary>Configured limits of one recording (configuration section <c>Grid:Limits</c>).</summary>
public sealed class CallLimits
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Grid:Limits";

    /// <summary>Most media gap reports listed per call; further ones are counted.</summary>
    public const int MaxMediaGaps = 1_000;

    /// <summary>Most pauses per call; a further pause is refused.</summary>
    public const int MaxPauses = 1_000;

    /// <summary>Most redactions (requested, applied or rejected) per recording.</summary>
    public const int MaxRedactions = 100;

    /// <summary>Largest chunk accepted, in bytes.</summary>
    [Range(1024, 16 * 1024 * 1024, ErrorMessage = "Grid:Limits:MaxChunkBytes is between 1 KiB and 16 MiB.")]
    public int MaxChunkBytes { get; set; } = 512 * 1024;

    /// <summary>Highest sequence number accepted (at 100 ms chunks the default is 27 hours).</summary>
    [Range(1L, long.MaxValue / 2, ErrorMessage = "Grid:Limits:MaxSequenceNumber must be positive.")]
    public long MaxSequenceNumber { get; set; } = 1_000_000;

    /// <summary>Longest a call may record, from Start.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "31.00:00:00", ErrorMessage = "Grid:Limits:MaxCallDuration is between 1 minute and 31 days.")]
    public TimeSpan MaxCallDuration { get; set; } = TimeSpan.FromHours(26);

    /// <summary>
    /// A pause longer than this resumes by itself: the first chunk that arrives after it is recorded again (the pause
    /// closes there, resumed by <c>grid:auto-resume</c>, audited). Empty (the default): a pause lasts until resumed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Grid:Limits:AutoResumeAfter is between 1 second and 1 day (or empty: never).")]
    public TimeSpan? AutoResumeAfter { get; set; }

    /// <summary>
    /// A recording sealed with at least this much media reported missing (the union over channels of the gaps its
    /// recorder or SRS reported) raises the tenant event <c>recording.gaps-exceeded</c>. Default 10 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "Grid:Limits:GapAlertAfter is between 1 millisecond and 1 day.")]
    public TimeSpan GapAlertAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A recorder instance (an SRS node, a frontend that sends heartbeats) with no heartbeat for this long is announced
    /// silent (<c>recorder.silent</c>). Default 2 minutes (the SRS sends one every 30 seconds).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00", ErrorMessage = "Grid:Limits:RecorderSilentAfter is between 10 seconds and 1 day.")]
    public TimeSpan RecorderSilentAfter { get; set; } = TimeSpan.FromMinutes(2);
}
