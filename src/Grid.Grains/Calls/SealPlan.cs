using Grid.Calls;
using Grid.Crypto.Format;

namespace Grid.Grains.Calls;

/// <summary>
/// What a seal writes and reports, computed from the durable chunks alone (pure): the trailer the final frame
/// encrypts, the gaps in the sequence numbers, and the summary.
/// </summary>
public sealed record SealPlan(RecordingTrailer Trailer, IReadOnlyList<SequenceRange> Gaps)
{
    /// <summary>The plan for these durable chunks (sequence number and plaintext length, any order).</summary>
    public static SealPlan From(IEnumerable<(long Sequence, int Length)> durable)
    {
        var sorted = durable.OrderBy(c => c.Sequence).ToList();
        return From(RecordingTrailer.FromSegments(sorted.Select(c => c.Sequence), sorted.Sum(c => (long)c.Length)));
    }

    /// <summary>The plan of a trailer already fixed (a seal that is being completed after a restart).</summary>
    public static SealPlan From(RecordingTrailer trailer) => new(trailer, GapsOf(trailer.Present));

    public CallSummary Summary(string tenantId, string callId, DateTimeOffset? startedAt, DateTimeOffset sealedAt, DateTimeOffset retainUntil) => new()
    {
        TenantId = tenantId,
        CallId = callId,
        Status = CallStatus.Sealed,
        ChunkCount = Trailer.SegmentCount,
        MediaBytes = Trailer.MediaBytes,
        FirstSequence = Trailer.Present.Count == 0 ? null : Trailer.Present[0].First,
        LastSequence = Trailer.Present.Count == 0 ? null : Trailer.Present[^1].Last,
        Gaps = Gaps,
        StartedAt = startedAt,
        SealedAt = sealedAt,
        RetainUntil = retainUntil,
    };

    /// <summary>A recording call's summary so far: what is durable now.</summary>
    public static CallSummary Progress(CallSummary summary, IEnumerable<(long Sequence, int Length)> durable)
    {
        var chunks = durable.ToList();
        return summary with
        {
            ChunkCount = chunks.Count,
            MediaBytes = chunks.Sum(c => (long)c.Length),
            FirstSequence = chunks.Count == 0 ? null : chunks.Min(c => c.Sequence),
            LastSequence = chunks.Count == 0 ? null : chunks.Max(c => c.Sequence),
        };
    }

    private static List<SequenceRange> GapsOf(IReadOnlyList<SequenceRange> present)
    {
        var gaps = new List<SequenceRange>();
        var expected = 0L;
        foreach (var range in present)
        {
            if (range.First > expected)
            {
                gaps.Add(new SequenceRange(expected, range.First - 1));
            }

            expected = range.Last + 1;
        }

        return gaps;
    }
}
