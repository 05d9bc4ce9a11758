using Grid.Calls;

namespace Grid.Completeness;

/// <summary>Where an expected call stands.</summary>
public enum ExpectedCallStatus
{
    /// <summary>No recording found yet, but its recheck time has not come: not counted missing, no alert.</summary>
    Pending = 0,

    /// <summary>A recording was found.</summary>
    Recorded = 1,

    /// <summary>No recording was found by its recheck time.</summary>
    Missing = 2,
}

/// <summary>Counts over a set of expected calls.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Completeness.CompletenessCounts")]
public sealed record CompletenessCounts
{
    /// <summary>Expected calls.</summary>
    [Id(0)]
    public int Expected { get; init; }

    /// <summary>Expected calls with a recording (partial and paused ones included).</summary>
    [Id(1)]
    public int Recorded { get; init; }

    /// <summary>Expected calls with no recording after their recheck time.</summary>
    [Id(2)]
    public int Missing { get; init; }

    /// <summary>Expected calls with no recording yet, within their recheck time.</summary>
    [Id(3)]
    public int Pending { get; init; }

    /// <summary>Recorded calls with media gaps (reported by the recorder or SRS, or missing chunks) beyond the policy's threshold.</summary>
    [Id(4)]
    public int Partial { get; init; }

    /// <summary>Recorded calls with an authorised pause (secure pause: who and why are listed per call).</summary>
    [Id(5)]
    public int Paused { get; init; }

    /// <summary>Recorded ÷ (expected − pending), in percent, two decimals; null when nothing is due.</summary>
    [Id(6)]
    public double? CoveragePercent { get; init; }

    /// <summary>Median seconds from the call's end (its start plus duration in the call records) to its recording's seal.</summary>
    [Id(7)]
    public double? EndToDurableMedianSeconds { get; init; }

    /// <summary>Longest of those.</summary>
    [Id(8)]
    public double? EndToDurableMaxSeconds { get; init; }
}

/// <summary>The counts of one line.</summary>
/// <param name="Line">The line label.</param>
/// <param name="Counts">Its counts.</param>
[GenerateSerializer, Immutable, Alias("Grid.Completeness.LineCompleteness")]
public sealed record LineCompleteness([property: Id(0)] string Line, [property: Id(1)] CompletenessCounts Counts);

/// <summary>One expected call and what was found for it.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Completeness.ReconciledCall")]
public sealed record ReconciledCall
{
    /// <summary>The phone system's reference, if any.</summary>
    [Id(0)]
    public string? Reference { get; init; }

    /// <summary>The line.</summary>
    [Id(1)]
    public string Line { get; init; } = string.Empty;

    /// <summary>When it started.</summary>
    [Id(2)]
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>How long it lasted, in seconds.</summary>
    [Id(3)]
    public int DurationSeconds { get; init; }

    /// <summary>The direction, if known.</summary>
    [Id(4)]
    public CallDirection? Direction { get; init; }

    /// <summary>Where it stands.</summary>
    [Id(5)]
    public ExpectedCallStatus Status { get; init; }

    /// <summary>The recording found, if any.</summary>
    [Id(6)]
    public string? CallId { get; init; }

    /// <summary>True when the recording has gaps beyond the threshold.</summary>
    [Id(7)]
    public bool Partial { get; init; }

    /// <summary>Seconds of media the recorder reported missing, and of missing chunks where the rate is known.</summary>
    [Id(8)]
    public double MediaGapSeconds { get; init; }

    /// <summary>The recording's pauses (who, why, when).</summary>
    [Id(9)]
    public IReadOnlyList<CallPause> Pauses { get; init; } = [];

    /// <summary>Seconds from the call's end to its recording's seal, when sealed.</summary>
    [Id(10)]
    public double? EndToDurableSeconds { get; init; }

    /// <summary>The parties, decrypted: only for a caller who may read recordings' participants (analyst); null otherwise.</summary>
    [Id(11)]
    public IReadOnlyList<string>? Parties { get; init; }
}

/// <summary>Capture completeness over a period: totals, per line, and every expected call of the period.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Completeness.CompletenessReport")]
public sealed record CompletenessReport
{
    /// <summary>Start of the period (expected calls starting from here).</summary>
    [Id(0)]
    public DateTimeOffset From { get; init; }

    /// <summary>End of the period (exclusive).</summary>
    [Id(1)]
    public DateTimeOffset To { get; init; }

    /// <summary>Counts over every line.</summary>
    [Id(2)]
    public CompletenessCounts Total { get; init; } = new();

    /// <summary>Counts per line, by line label.</summary>
    [Id(3)]
    public IReadOnlyList<LineCompleteness> Lines { get; init; } = [];

    /// <summary>Every expected call of the period, in start order.</summary>
    [Id(4)]
    public IReadOnlyList<ReconciledCall> Calls { get; init; } = [];
}
