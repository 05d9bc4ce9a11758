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

    /// <summary>
    /// A source's packets, in sequence, arrived after the media time they belong to had been delivered (a delay
    /// beyond the reorder window, or a sender clock slower than ours): the source is re-anchored after the delivered
    /// media, and the silence that this inserts before its next media is reported with this cause. (A single packet
    /// that arrives after its successors were delivered is only counted in <see cref="MediaCounters.Late"/>: its span
    /// was already reported as <see cref="Loss"/>.)
    /// </summary>
    public const string Late = "late";
}
