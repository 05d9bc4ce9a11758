using System.ComponentModel.DataAnnotations;

namespace Grid.Storage.Log;

/// <summary>The group-commit log of recordings (configuration section <c>Grid:Storage:Log</c>).</summary>
public sealed class RecordingLogOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Grid:Storage:Log";

    /// <summary>Lanes per tenant on each silo: independent segments written in parallel (a call stays on one lane).</summary>
    public int Lanes { get; set; } = 2;

    /// <summary>
    /// Largest batch written in one append. A batch closes when the lane's previous write completes (group
    /// commit), or earlier at this size. Azure takes at most 4 MiB per append block.
    /// </summary>
    public int MaxBatchBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// With <see cref="AdaptiveLinger"/> (the default): under load, the shortest time between the starts of two
    /// appends of a tenant's lanes on this silo. A frame that arrives when the last append started longer ago is
    /// written at once; under load a free lane waits for its slot and takes every frame queued by then (a full batch
    /// queued is written at once). So a tenant's appends per second on a silo stay at most one per linger however many
    /// calls it has, and a frame waits at most this long before its append starts. "Under load": at least
    /// <see cref="LogPacer.MinimumCalls"/> calls sent frames in the last second and at least one frame per linger
    /// arrives (otherwise a wait would gather nothing: one import appending back to back is never made to wait).
    /// Without <see cref="AdaptiveLinger"/>: a fixed wait before every append. 0: every free lane writes at once.
    /// </summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(40);

    /// <summary>Pace the appends (see <see cref="Linger"/>); false: a fixed linger before every append.</summary>
    public bool AdaptiveLinger { get; set; } = true;

    /// <summary>Appends per segment before a new segment starts (an append blob takes at most 50,000).</summary>
    public int MaxBlocksPerSegment { get; set; } = 40_000;

    /// <summary>Bytes per segment before a new one starts.</summary>
    public long MaxSegmentBytes { get; set; } = 1L << 30;

    /// <summary>
    /// Age after which a lane starts a new segment even if the current one is not full, so a quiet lane's segment
    /// stops changing and can be compacted (the bound on how long a deleted recording's bytes stay).
    /// </summary>
    public TimeSpan MaxSegmentAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// A segment is compacted only after it has not changed for this long, and a compacted segment is deleted only
    /// this long after its frames were copied (a playback that read the old positions finishes first).
    /// </summary>
    public TimeSpan CompactionGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most live bytes compaction copies per tenant per collection (each retention sweep); the rest waits for the next.</summary>
    public long CompactionBytesPerSweep { get; set; } = 1L << 30;

    /// <summary>How often a recording call writes its frame list (its manifest) while recording.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A tenant's lanes on a silo that received no frame for this long are closed and dropped from memory (their
    /// segments stay). The tenant's next frame opens its lanes again, each in a new segment.
    /// </summary>
    public TimeSpan IdleLaneEviction { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// When the silo stops, how long the log may take to write the frames still queued (after the silo's grains
    /// were deactivated). Frames not written by then are refused, never acknowledged. The host's own shutdown
    /// timeout (30 s by default) bounds the whole stop.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Throws with the first problem, naming its setting (for code that needs the settings before the host starts).</summary>
    public void Validate()
    {
        if (Problems().FirstOrDefault() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    }

    /// <summary>The problems of these settings, each naming its setting (checked when the host starts).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => Problems().Select(p => new ValidationResult(p));

    private IEnumerable<string> Problems()
    {
        if (Lanes is < 1 or > 64)
        {
            yield return "Grid:Storage:Log:Lanes must be between 1 and 64.";
        }

        if (MaxBatchBytes is < 64 * 1024 or > 4 * 1024 * 1024)
        {
            yield return "Grid:Storage:Log:MaxBatchBytes must be between 65536 and 4194304 (the append block limit).";
        }

        if (MaxBlocksPerSegment is < 1 or > 50_000)
        {
            yield return "Grid:Storage:Log:MaxBlocksPerSegment must be between 1 and 50000.";
        }

        if (MaxSegmentAge <= TimeSpan.Zero || CompactionGrace < TimeSpan.Zero || CompactionBytesPerSweep < 0)
        {
            yield return "Grid:Storage:Log: MaxSegmentAge must be positive, CompactionGrace and CompactionBytesPerSweep not negative.";
        }

        if (Linger < TimeSpan.Zero || Linger > TimeSpan.FromSeconds(1) || CheckpointInterval <= TimeSpan.Zero)
        {
            yield return "Grid:Storage:Log: Linger must be 0 to 1 s and CheckpointInterval positive.";
        }

        if (IdleLaneEviction < TimeSpan.FromSeconds(1) || IdleLaneEviction > TimeSpan.FromDays(1))
        {
            yield return "Grid:Storage:Log:IdleLaneEviction must be between 00:00:01 and 1.00:00:00.";
        }

        if (DrainTimeout < TimeSpan.FromSeconds(1) || DrainTimeout > TimeSpan.FromMinutes(5))
        {
            yield return "Grid:Storage:Log:DrainTimeout must be between 00:00:01 and 00:05:00.";
        }
    }
}
