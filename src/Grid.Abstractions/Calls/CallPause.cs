namespace Grid.Calls;

/// <summary>
/// A range of a call in which recording was paused (secure pause: card data, an SBC's inactive streams). Chunks from
/// <see cref="FromSequence"/> up to <see cref="ToSequence"/> (exclusive) are dropped on receipt and never stored.
/// Holds no personal data: the reason is a short policy label, the principal a pseudonymous subject.
/// </summary>
[GenerateSerializer, Immutable, Alias("Grid.Calls.CallPause")]
public sealed record CallPause
{
    /// <summary>The first sequence number not recorded.</summary>
    [Id(0)]
    public long FromSequence { get; init; }

    /// <summary>The first sequence number recorded again; null while the pause lasts.</summary>
    [Id(1)]
    public long? ToSequence { get; init; }

    /// <summary>When the pause began.</summary>
    [Id(2)]
    public DateTimeOffset PausedAt { get; init; }

    /// <summary>When recording resumed; null while the pause lasts.</summary>
    [Id(3)]
    public DateTimeOffset? ResumedAt { get; init; }

    /// <summary>Why (a label such as <c>siprec-inactive</c> or <c>card-data</c>).</summary>
    [Id(4)]
    public string Reason { get; init; } = string.Empty;

    /// <summary>What signalled it: <c>recorder</c> (the SDK), <c>siprec</c> (an SBC's re-INVITE) or <c>api</c>.</summary>
    [Id(5)]
    public string Source { get; init; } = string.Empty;

    /// <summary>The verified subject that paused.</summary>
    [Id(6)]
    public string PausedBy { get; init; } = string.Empty;

    /// <summary>The verified subject that resumed; null while the pause lasts.</summary>
    [Id(7)]
    public string? ResumedBy { get; init; }

    /// <summary>Where the pause is in the recorder's media time (milliseconds), when the recorder knows it.</summary>
    [Id(8)]
    public long? MediaOffsetMs { get; init; }

    /// <summary>
    /// Where the pause falls in the stored media (bytes before its first dropped chunk), set when the call is sealed:
    /// playback inserts the pause's length of silence there.
    /// </summary>
    [Id(9)]
    public long? MediaByteOffset { get; init; }

    /// <summary>
    /// When the pause ends by itself (<c>Grid:Limits:AutoResumeAfter</c> after <see cref="PausedAt"/>): the first chunk
    /// that reaches the Grid from then on is recorded and closes the pause (resumed by <c>grid:auto-resume</c>). Null
    /// when the Grid has no such limit. The recorder SDK starts sending again once this long has passed on its own
    /// clock; a SIPREC pause ends with the SBC's re-INVITE, since an SBC sends no media on an inactive stream.
    /// </summary>
    [Id(10)]
    public DateTimeOffset? AutoResumeAt { get; init; }
}

/// <summary>What a recorder (or the customer API) sends to pause a call.</summary>
/// <param name="FromSequence">The first sequence number not to record (the session's next sequence), or <see cref="Next"/>: after the last chunk the call received (the API, which does not number chunks).</param>
/// <param name="Reason">A label (1–64 characters of a–z, 0–9, '-', '.', '_').</param>
/// <param name="Source"><c>recorder</c>, <c>siprec</c> or <c>api</c>.</param>
/// <param name="MediaOffsetMs">The recorder's media time of the pause, if it keeps one.</param>
[GenerateSerializer, Immutable, Alias("Grid.Calls.PauseRequest")]
public sealed record PauseRequest([property: Id(0)] long FromSequence, [property: Id(1)] string Reason, [property: Id(2)] string Source, [property: Id(3)] long? MediaOffsetMs = null)
{
    /// <summary>"After the last chunk received": for a pause or resume by someone who does not number the chunks.</summary>
    public const long Next = -1;
}

/// <summary>
/// Media a recorder expected and did not get (lost packets, a source that stopped sending), on one channel, in the
/// recorder's media time. Reported, never silently glued over.
/// </summary>
/// <param name="Channel">The channel (0-based).</param>
/// <param name="FromMs">Start, milliseconds of media time.</param>
/// <param name="ToMs">End (exclusive).</param>
/// <param name="Cause">A label: <c>loss</c>, <c>silence-timeout</c>, <c>late</c>, …</param>
[GenerateSerializer, Immutable, Alias("Grid.Calls.MediaGapReport")]
public sealed record MediaGapReport([property: Id(0)] int Channel, [property: Id(1)] long FromMs, [property: Id(2)] long ToMs, [property: Id(3)] string Cause);

/// <summary>Arithmetic over reported media gaps.</summary>
public static class MediaGaps
{
    /// <summary>Milliseconds of the call in which some channel's media was missing: the union of the gaps' ranges over all channels.</summary>
    /// <param name="gaps">The reported gaps.</param>
    /// <returns>The milliseconds covered by at least one gap.</returns>
    public static long MissingMilliseconds(IEnumerable<MediaGapReport> gaps)
    {
        long total = 0, end = long.MinValue;
        foreach (var gap in gaps.OrderBy(g => g.FromMs))
        {
            var from = Math.Max(gap.FromMs, end);
            if (gap.ToMs > from)
            {
                total += gap.ToMs - from;
            }

            end = Math.Max(end, gap.ToMs);
        }

        return total;
    }
}
