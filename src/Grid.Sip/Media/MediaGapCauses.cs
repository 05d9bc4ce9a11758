namespace Grid.Sip.Media;

/// <summary>The <see cref="MediaGap.Cause"/> values the media session reports (see <see cref="MediaSession"/> for the exact rules).</summary>
public static class MediaGapCauses
{
    /// <summary>Sequence numbers are missing between two received packets of one source: the span between them.</summary>
    public const string Loss = "loss";

    /// <summary>A source stopped without comfort noise (or telephone-event) for longer than the reorder window: until the next source, the pause, or the end.</summary>
    public const string SilenceTimeout = "silence-timeout";

    /// <summary>A stream delivered no packet at all between the session's start (or a resume) and the next pause or the end.</summary>
    public const string NoMedia = "no-media";

    /// <summary>Reserved by the sink contract for media that arrived after its window. Not produced: the span of a late packet was already reported as <see cref="Loss"/> when it was delivered, and the packet is counted in <see cref="MediaCounters.Late"/>.</summary>
    public const string Late = "late";
}
