namespace Grid.Completeness;

/// <summary>How the tenant's expected calls are reconciled with its recordings.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Completeness.CompletenessPolicy")]
public sealed record CompletenessPolicy
{
    /// <summary>Lines whose every call must be recorded: a call on one of them with no recording is alerted (<c>completeness.recording-missing</c>).</summary>
    [Id(0)]
    public IReadOnlyList<string> AlwaysRecordedLines { get; init; } = [];

    /// <summary>How far a recording's start may be from the expected call's start, in seconds (1 to 3,600; default 120).</summary>
    [Id(1)]
    public int MatchToleranceSeconds { get; init; } = 120;

    /// <summary>
    /// How long after an expected call's end a missing recording is still only pending (a late seal, a late import), in
    /// minutes (1 to 1,440; default 15): no alert, not counted missing, until then.
    /// </summary>
    [Id(2)]
    public int RecheckAfterMinutes { get; init; } = 15;

    /// <summary>A recording whose reported media gaps add up to this many seconds or more is partial (default 1).</summary>
    [Id(3)]
    public int PartialGapSeconds { get; init; } = 1;

    /// <summary>
    /// The recording tags that carry the phone system's call reference, tried in order before parties and time
    /// (default <c>call-ref</c> and the SIPREC server's <c>siprec.vendor-call-id</c>).
    /// </summary>
    [Id(4)]
    public IReadOnlyList<string> ReferenceTags { get; init; } = ["call-ref", "siprec.vendor-call-id"];
}
