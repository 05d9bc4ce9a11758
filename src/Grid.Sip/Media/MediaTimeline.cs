using System.Buffers;
using Grid.Sip.Metadata;
using Grid.Sip.Recording;
using Microsoft.Extensions.Logging;

namespace Grid.Sip.Media;

/// <summary>
/// The media-time logic of a <see cref="MediaSession"/>, without sockets or threads (the session calls it under its
/// lock): anchoring sources, the reorder window, loss and silence rules, pause and end, and the chunks and gaps that
/// result, handed to <c>emit</c> in media order. Times are monotonic <see cref="TimeSpan"/>s from the session;
/// positions are samples at 8000 Hz.
/// </summary>
internal sealed class MediaTimeline
{
    public const int SampleRate = 8000;
    private const long TicksPerSample = TimeSpan.TicksPerSecond / SampleRate;

    /// <summary>RFC 3550 A.1: a sequence jump larger than this is a restart of the source.</summary>
    private const int MaxDropout = 3000;

    private readonly StreamState[] streams;
    private readonly MediaFormat format;
    private readonly long chunkSamples;
    private readonly long windowSamples;
    private readonly long maxLeadSamples;
    private readonly int maxBufferedPackets;
    private readonly Action<SinkOperation> emit;
    private readonly CounterSet counters;
    private readonly ILogger logger;
    private readonly List<MediaGap> pendingGaps = [];
    private TimeSpan wallAnchor;
    private long mediaAnchor;
    private long lastMediaNow;
    private long frontier;

    public MediaTimeline(MediaPlan plan, MediaSessionOptions options, CounterSet counters, ILogger logger, Action<SinkOperation> emit)
    {
        format = plan.Format;
        chunkSamples = Math.Max(1, options.ChunkDuration.Ticks / TicksPerSample);
        windowSamples = Math.Max(0, options.ReorderWindow.Ticks / TicksPerSample);
        maxLeadSamples = Math.Max(1, options.MaxTimestampLead.Ticks / TicksPerSample);
        maxBufferedPackets = options.MaxBufferedPackets;
        this.counters = counters;
        this.logger = logger;
        this.emit = emit;
        var initial = (int)Math.Min(chunkSamples + windowSamples + 1600, 10 * SampleRate);
        streams = plan.RecordedStreams
            .Select(s => new StreamState(s, new ChannelBuffer(s.Codec, format.Codec, initial)))
            .ToArray();
    }

    public bool IsStarted { get; private set; }

    public bool IsPaused { get; private set; }

    public bool IsEnded { get; private set; }

    /// <summary>Media time delivered to the sink so far.</summary>
    public TimeSpan Delivered => ToTime(frontier);

    public static TimeSpan ToTime(long samples) => TimeSpan.FromTicks(samples * TicksPerSample);

    public void Start(TimeSpan now)
    {
        IsStarted = true;
        wallAnchor = now;
    }

    /// <summary>The media time of <paramref name="now"/>, in samples (frozen while paused, never decreasing).</summary>
    public long MediaNow(TimeSpan now)
    {
        if (IsStarted && !IsPaused && !IsEnded)
        {
            var elapsed = Math.Max(0, (now - wallAnchor).Ticks) / TicksPerSample;
            lastMediaNow = Math.Max(lastMediaNow, mediaAnchor + elapsed);
        }

        return Math.Max(lastMediaNow, mediaAnchor);
    }

    /// <summary>When (monotonic time) the next chunk is complete; null while paused or ended.</summary>
    public TimeSpan? NextDue()
    {
        if (!IsStarted || IsPaused || IsEnded)
        {
            return null;
        }

        var target = frontier + chunkSamples + windowSamples;
        return wallAnchor + ToTime(target - mediaAnchor);
    }

    /// <summary>A received RTP packet of recorded stream <paramref name="channel"/>.</summary>
    public void OnPacket(int channel, in RtpPacket packet, ReadOnlySpan<byte> payload, TimeSpan now)
    {
        if (!IsStarted || IsEnded)
        {
            counters.Ignored++;
            return;
        }

        if (IsPaused)
        {
            counters.DroppedWhilePaused++;
            return;
        }

        var stream = streams[channel];
        PacketKind kind;
        if (packet.PayloadType == stream.Plan.PayloadType)
        {
            kind = PacketKind.Audio;
        }
        else if (packet.PayloadType == RtpPacket.ComfortNoisePayloadType)
        {
            kind = PacketKind.ComfortNoise;
            counters.ComfortNoise++;
        }
        else if (packet.PayloadType == stream.Plan.TelephoneEventPayloadType)
        {
            kind = PacketKind.TelephoneEvent;
            counters.TelephoneEvents++;
        }
        else
        {
            counters.Ignored++;
            return;
        }

        var mediaNow = MediaNow(now);
        var current = stream.Sources.Count > 0 && !stream.NewSegment ? stream.Sources[^1] : null;
        RtpSource? source = null;
        long sequence = 0;
        if (current is not null && current.Ssrc == packet.Ssrc)
        {
            sequence = current.ExtendSequence(packet.SequenceNumber);
            if (Math.Abs(sequence - current.HighestSequence) <= MaxDropout)
            {
                source = current;
            }
        }
        else if (current is not null && stream.Sources.Count >= 2 && stream.Sources[^2].Ssrc == packet.Ssrc)
        {
            // A straggler of the source just replaced is still put in place; new media from it is a new source.
            var previous = stream.Sources[^2];
            sequence = previous.ExtendSequence(packet.SequenceNumber);
            if (sequence <= previous.HighestSequence && sequence > previous.HighestSequence - MaxDropout)
            {
                source = previous;
            }
        }

        if (source is null)
        {
            var previous = stream.NewSegment ? null : current;
            var anchor = Math.Max(mediaNow, Math.Max(stream.MaxEnd, frontier));
            source = new RtpSource(packet.Ssrc, packet.SequenceNumber, packet.Timestamp, anchor, previous);
            sequence = source.HighestSequence;
            if (previous is not null)
            {
                counters.SourceChanges++;
                MediaLog.SourceChanged(logger, stream.Plan.Channel, previous.Ssrc, packet.Ssrc, ToTime(anchor));
            }

            stream.Sources.Add(source);
            stream.NewSegment = false;
            current = source;
            PruneSources(stream);
        }

        var timestamp = source.ExtendTimestamp(packet.Timestamp);
        var position = source.PositionOf(timestamp);
        var newest = sequence > source.HighestSequence;
        var delayed = false;
        if (position > mediaNow + maxLeadSamples && newest)
        {
            // The timestamps ran far ahead of the clock (a jump): place the packet now.
            source.Reanchor(timestamp, Math.Max(mediaNow, Math.Max(stream.MaxEnd, frontier)));
            position = source.PositionOf(timestamp);
            counters.Reanchored++;
        }
        else if (position < frontier && newest && source == current)
        {
            // In order but behind the delivered media: the sender's clock is slower than ours (or its timestamps
            // jumped back). Move the source to the middle of the window instead of dropping everything from now on.
            source.Reanchor(timestamp, Math.Max(frontier, Math.Max(mediaNow - (windowSamples / 2), stream.MaxEnd)));
            position = source.PositionOf(timestamp);
            counters.Reanchored++;
            delayed = true;
        }

        if (position < frontier || position > Math.Max(mediaNow + maxLeadSamples, stream.MaxEnd) || (source.HasProcessed && sequence <= source.LastSequence))
        {
            counters.Late++;
            return;
        }

        if (stream.Buffered >= maxBufferedPackets)
        {
            counters.Ignored++;
            return;
        }

        byte[]? copy = null;
        var length = kind == PacketKind.Audio ? payload.Length : 0;
        if (length > 0)
        {
            copy = ArrayPool<byte>.Shared.Rent(length);
            payload.CopyTo(copy);
        }

        if (!source.TryInsert(new BufferedPacket(sequence, position, kind, copy, length, delayed)))
        {
            if (copy is not null)
            {
                ArrayPool<byte>.Shared.Return(copy);
            }

            counters.Duplicates++;
            return;
        }

        stream.Buffered++;
        if (newest)
        {
            source.HighestSequence = sequence;
            source.ReferenceTimestamp = timestamp;
        }

        stream.MaxEnd = Math.Max(stream.MaxEnd, position + length);
        stream.SegmentHasPacket = true;
        stream.EverHadPacket = true;
    }

    /// <summary>Delivers every chunk whose media (plus the reorder window) is complete at <paramref name="now"/>.</summary>
    public void Tick(TimeSpan now)
    {
        if (!IsStarted || IsPaused || IsEnded)
        {
            return;
        }

        var horizon = MediaNow(now) - windowSamples;
        while (horizon >= frontier + chunkSamples)
        {
            RenderChunk(chunkSamples);
        }
    }

    /// <summary>Pauses: delivers everything received, closes the segment; returns the media time of the pause (null when it was paused already).</summary>
    public TimeSpan? Pause(TimeSpan now, string reason)
    {
        if (!IsStarted || IsPaused || IsEnded)
        {
            return null;
        }

        var at = CloseSegment(now);
        emit(new SinkOperation(SinkOperationKind.Pause, At: ToTime(at), Reason: reason));
        IsPaused = true;
        mediaAnchor = at;
        lastMediaNow = at;
        return ToTime(at);
    }

    /// <summary>Resumes at the media time of the pause; null when it was not paused.</summary>
    public TimeSpan? Resume(TimeSpan now)
    {
        if (!IsPaused || IsEnded)
        {
            return null;
        }

        IsPaused = false;
        wallAnchor = now;
        mediaAnchor = frontier;
        lastMediaNow = frontier;
        emit(new SinkOperation(SinkOperationKind.Resume, At: ToTime(frontier)));
        return ToTime(frontier);
    }

    public void UpdateMetadata(RecordingMetadata metadata)
    {
        if (IsStarted && !IsEnded)
        {
            emit(new SinkOperation(SinkOperationKind.Metadata, Metadata: metadata));
        }
    }

    /// <summary>Ends: delivers everything received (unless paused: already delivered), the trailing gaps, then the end.</summary>
    public void End(TimeSpan now, SessionEndReason reason)
    {
        if (IsEnded)
        {
            return;
        }

        if (IsStarted)
        {
            if (!IsPaused)
            {
                CloseSegment(now);
            }

            emit(new SinkOperation(SinkOperationKind.End, EndReason: reason));
        }

        IsEnded = true;
        foreach (var stream in streams)
        {
            foreach (var source in stream.Sources)
            {
                foreach (var packet in source.Pending)
                {
                    Return(packet);
                }

                source.Pending.Clear();
            }
        }
    }

    private long CloseSegment(TimeSpan now)
    {
        var end = Math.Max(MediaNow(now), frontier);
        foreach (var stream in streams)
        {
            end = Math.Max(end, stream.MaxEnd);
        }

        ProcessDue(long.MaxValue);
        while (frontier < end)
        {
            RenderChunk(Math.Min(chunkSamples, end - frontier));
        }

        foreach (var stream in streams)
        {
            var channel = stream.Plan.Channel;
            if (!stream.SegmentHasPacket)
            {
                if (end - stream.SegmentStart > windowSamples)
                {
                    AddGap(channel, stream.SegmentStart, end, MediaGapCauses.NoMedia);
                }
            }
            else if (stream.Sources.Count > 0 && stream.Sources[^1] is { HasProcessed: true, LastSilent: false } last && end - last.LastEnd > windowSamples)
            {
                AddGap(channel, last.LastEnd, end, MediaGapCauses.SilenceTimeout);
            }

            stream.Sources.Clear();
            stream.NewSegment = true;
            stream.SegmentStart = end;
            stream.SegmentHasPacket = false;
        }

        EmitGaps(long.MaxValue);
        return end;
    }

    private void RenderChunk(long samples)
    {
        var end = frontier + samples;
        ProcessDue(end);
        var count = (int)samples;
        var data = new byte[count * format.Channels * format.BytesPerSample];
        foreach (var stream in streams)
        {
            stream.Buffer.Take(count, data, stream.Plan.Channel, format.Channels);
        }

        emit(new SinkOperation(SinkOperationKind.Append, Chunk: new MediaChunk(ToTime(frontier), ToTime(samples), data)));
        frontier = end;
        EmitGaps(frontier);
    }

    /// <summary>Processes, in sequence order per source, the pending packets that start before <paramref name="limit"/>.</summary>
    private void ProcessDue(long limit)
    {
        foreach (var stream in streams)
        {
            foreach (var source in stream.Sources)
            {
                var due = 0;
                while (due < source.Pending.Count && source.Pending[due].Position < limit)
                {
                    Process(stream, source, source.Pending[due]);
                    due++;
                }

                source.Pending.RemoveRange(0, due);
                stream.Buffered -= due;
            }

            PruneSources(stream);
        }
    }

    private void Process(StreamState stream, RtpSource source, BufferedPacket packet)
    {
        var channel = stream.Plan.Channel;
        if (!source.HasProcessed)
        {
            if (source.Previous is { HasProcessed: true, LastSilent: false } previous && packet.Position - previous.LastEnd > windowSamples)
            {
                AddGap(channel, previous.LastEnd, packet.Position, MediaGapCauses.SilenceTimeout);
            }

            source.Previous = null;
            source.LastEnd = packet.Position;
        }
        else
        {
            var missing = packet.Sequence - source.LastSequence - 1;
            if (missing > 0)
            {
                counters.Lost += missing;
                AddGap(channel, source.LastEnd, packet.Position, MediaGapCauses.Loss);
            }
            else if (packet.Delayed)
            {
                AddGap(channel, source.LastEnd, packet.Position, MediaGapCauses.Late);
            }
        }

        if (packet.Payload is { } payload)
        {
            var skip = (int)Math.Max(0, frontier - packet.Position);
            if (skip < packet.Length)
            {
                stream.Buffer.Write(packet.Position + skip - frontier, payload.AsSpan(skip, packet.Length - skip));
            }

            ArrayPool<byte>.Shared.Return(payload);
        }

        source.HasProcessed = true;
        source.LastSequence = packet.Sequence;
        source.LastEnd = Math.Max(source.LastEnd, packet.Position + packet.Length);
        source.LastSilent = packet.Kind != PacketKind.Audio;
    }

    private void AddGap(int channel, long from, long to, string cause)
    {
        if (to > from)
        {
            pendingGaps.Add(new MediaGap(channel, ToTime(from), ToTime(to), cause));
        }
    }

    /// <summary>Reports, after the chunk that contains their end, the gaps that end at or before <paramref name="upTo"/>.</summary>
    private void EmitGaps(long upTo)
    {
        if (pendingGaps.Count == 0)
        {
            return;
        }

        var limit = upTo == long.MaxValue ? TimeSpan.MaxValue : ToTime(upTo);
        var ready = pendingGaps.Where(g => g.To <= limit).OrderBy(g => g.From).ThenBy(g => g.Channel).ToArray();
        foreach (var gap in ready)
        {
            pendingGaps.Remove(gap);
            counters.Gaps++;
            emit(new SinkOperation(SinkOperationKind.Gap, Gap: gap));
        }
    }

    private static void PruneSources(StreamState stream)
    {
        // Keep the current source and the one before it (for stragglers); older ones once their packets are processed.
        for (var i = stream.Sources.Count - 3; i >= 0; i--)
        {
            if (stream.Sources[i].Pending.Count == 0)
            {
                stream.Sources.RemoveAt(i);
            }
        }
    }

    private static void Return(BufferedPacket packet)
    {
        if (packet.Payload is { } payload)
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    /// <summary>One recorded stream (one channel).</summary>
    private sealed class StreamState(PlannedStream plan, ChannelBuffer buffer)
    {
        public PlannedStream Plan { get; } = plan;

        public ChannelBuffer Buffer { get; } = buffer;

        /// <summary>This segment's sources in the order they appeared.</summary>
        public List<RtpSource> Sources { get; } = [];

        /// <summary>The next packet starts a source with no predecessor (the session's start, or a resume).</summary>
        public bool NewSegment { get; set; } = true;

        public long SegmentStart { get; set; }

        public bool SegmentHasPacket { get; set; }

        public bool EverHadPacket { get; set; }

        /// <summary>The end of the furthest media accepted (samples): a new source is anchored no earlier.</summary>
        public long MaxEnd { get; set; }

        public int Buffered { get; set; }
    }
}

/// <summary>The mutable counters behind <see cref="MediaCounters"/> (changed under the session's lock).</summary>
internal sealed class CounterSet
{
    public long Received;
    public long Lost;
    public long Late;
    public long DroppedWhilePaused;
    public long Ignored;
    public long Malformed;
    public long Rtcp;
    public long ComfortNoise;
    public long TelephoneEvents;
    public long Duplicates;
    public long ForeignSource;
    public long SourceChanges;
    public long Reanchored;
    public long Gaps;

    public MediaCounters Snapshot() => new(Received, Lost, Late, DroppedWhilePaused, Ignored)
    {
        Malformed = Malformed,
        Rtcp = Rtcp,
        ComfortNoise = ComfortNoise,
        TelephoneEvents = TelephoneEvents,
        Duplicates = Duplicates,
        ForeignSource = ForeignSource,
        SourceChanges = SourceChanges,
        Reanchored = Reanchored,
        Gaps = Gaps,
    };
}
