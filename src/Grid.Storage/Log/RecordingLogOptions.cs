namespace Grid.Storage.Log;

/// <summary>The group-commit log of recordings (configuration section <c>Grid:Storage:Log</c>).</summary>
public sealed class RecordingLogOptions
{
    /// <summary>Lanes per tenant on each silo: independent segments written in parallel (a call stays on one lane).</summary>
    public int Lanes { get; set; } = 2;

    /// <summary>
    /// Largest batch written in one append. A batch closes when the lane's previous write completes (group
    /// commit), or earlier at this size. Azure takes at most 4 MiB per append block.
    /// </summary>
    public int MaxBatchBytes { get; set; } = 1024 * 1024;

    /// <summary>How long a lane that is free waits for more frames before writing (0: write at once).</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.Zero;

    /// <summary>Appends per segment before a new segment starts (an append blob takes at most 50,000).</summary>
    public int MaxBlocksPerSegment { get; set; } = 40_000;

    /// <summary>Bytes per segment before a new one starts.</summary>
    public long MaxSegmentBytes { get; set; } = 1L << 30;

    /// <summary>How often a recording call writes its frame list (its manifest) while recording.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Checks the settings; throws naming the wrong one.</summary>
    public void Validate()
    {
        if (Lanes is < 1 or > 64)
        {
            throw new InvalidOperationException("Grid:Storage:Log:Lanes must be between 1 and 64.");
        }

        if (MaxBatchBytes is < 64 * 1024 or > 4 * 1024 * 1024)
        {
            throw new InvalidOperationException("Grid:Storage:Log:MaxBatchBytes must be between 65536 and 4194304 (the append block limit).");
        }

        if (MaxBlocksPerSegment is < 1 or > 50_000)
        {
            throw new InvalidOperationException("Grid:Storage:Log:MaxBlocksPerSegment must be between 1 and 50000.");
        }

        if (Linger < TimeSpan.Zero || Linger > TimeSpan.FromSeconds(1) || CheckpointInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Grid:Storage:Log: Linger must be 0 to 1 s and CheckpointInterval positive.");
        }
    }
}
