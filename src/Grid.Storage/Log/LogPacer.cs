namespace Grid.Storage.Log;

/// <summary>
/// Paces one tenant's appends on this silo: while many calls send frames, its lanes start appends at least an
/// interval apart, each in a slot it reserves. A frame that arrives when the last append started longer ago than the
/// interval is written at once; under load a free lane waits for its slot and takes every frame queued by then, so a
/// tenant's lanes make at most one append per interval however many calls it has (fewer, larger appends: what
/// storage bills by). Nothing waits when waiting would gather nothing: fewer than <see cref="MinimumCalls"/> calls
/// sent frames in the last second (one import or a test appending back to back: its next frame comes only after the
/// acknowledgement), or fewer frames arrive per second than one per interval. A backlog of a full batch is written at
/// once by every free lane: the wait would not make the batch larger, only later.
/// </summary>
public sealed class LogPacer(TimeSpan interval, int backlogBytes, TimeProvider time)
{
    /// <summary>Calls that must have sent frames within the last second for the lanes to wait for their slots.</summary>
    public const int MinimumCalls = 4;

    private readonly object gate = new();
    private readonly long intervalTicks = (long)(interval.TotalSeconds * time.TimestampFrequency);
    private readonly HashSet<string> calls = new(StringComparer.Ordinal);
    private long nextSlot = long.MinValue;
    private long queuedBytes;
    private long windowStart = time.GetTimestamp();
    private int frames;
    private int previousCalls;
    private int previousFrames;

    /// <summary>The shortest time between two appends' starts under load (zero: no pacing).</summary>
    public TimeSpan Interval => interval;

    /// <summary>Bytes of frames queued and not yet taken by a lane.</summary>
    public long QueuedBytes => Interlocked.Read(ref queuedBytes);

    /// <summary>Counts a frame of <paramref name="bytes"/> of call <paramref name="callId"/> queued.</summary>
    public void Queued(int bytes, string callId)
    {
        Interlocked.Add(ref queuedBytes, bytes);
        if (intervalTicks <= 0)
        {
            return;
        }

        lock (gate)
        {
            Roll();
            calls.Add(callId);
            frames++;
        }
    }

    /// <summary>Counts a frame of <paramref name="bytes"/> taken by a lane (or not queued after all).</summary>
    public void Taken(int bytes) => Interlocked.Add(ref queuedBytes, -bytes);

    /// <summary>
    /// Reserves the next append slot for a lane that has frames to write and returns how long to wait for it: zero
    /// when no append started within the interval, a full batch is queued, or too few calls send frames for a wait to
    /// gather any; otherwise the time to the slot one interval after the last one reserved.
    /// </summary>
    public TimeSpan Reserve()
    {
        if (intervalTicks <= 0)
        {
            return TimeSpan.Zero;
        }

        lock (gate)
        {
            Roll();
            var now = time.GetTimestamp();
            var busy = Math.Max(previousCalls, calls.Count) >= MinimumCalls && Math.Max(previousFrames, frames) * interval.TotalSeconds >= 1;
            if (!busy || nextSlot <= now || QueuedBytes >= backlogBytes)
            {
                nextSlot = now + intervalTicks;
                return TimeSpan.Zero;
            }

            var slot = nextSlot;
            nextSlot = slot + intervalTicks;
            return TimeSpan.FromTicks((slot - now) * TimeSpan.TicksPerSecond / time.TimestampFrequency);
        }
    }

    // One-second windows of the calls and frames seen; the last full window counts as well as the current one.
    private void Roll()
    {
        var elapsed = time.GetElapsedTime(windowStart);
        if (elapsed < TimeSpan.FromSeconds(1))
        {
            return;
        }

        var quiet = elapsed >= TimeSpan.FromSeconds(2);
        previousCalls = quiet ? 0 : calls.Count;
        previousFrames = quiet ? 0 : frames;
        calls.Clear();
        frames = 0;
        windowStart = time.GetTimestamp();
    }
}
