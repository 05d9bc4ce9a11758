namespace Grid.Storage.Log;

/// <summary>
/// Paces one tenant's appends on this silo: its lanes start appends at least an interval apart, each in a slot it
/// reserves. A frame that arrives when the last append started longer ago than the interval is written at once (at
/// light load nothing waits); under load a free lane waits for its slot and takes every frame queued by then, so a
/// tenant's lanes make at most one append per interval however many calls it has (fewer, larger appends: what storage
/// bills by). A backlog of a full batch is written at once, by every free lane: the wait would not make the batch
/// larger, only later.
/// </summary>
public sealed class LogPacer(TimeSpan interval, int backlogBytes, TimeProvider time)
{
    private readonly object gate = new();
    private readonly long intervalTicks = (long)(interval.TotalSeconds * time.TimestampFrequency);
    private long nextSlot = long.MinValue;
    private long queuedBytes;

    /// <summary>The shortest time between two appends' starts (zero: no pacing).</summary>
    public TimeSpan Interval => interval;

    /// <summary>Bytes of frames queued and not yet taken by a lane.</summary>
    public long QueuedBytes => Interlocked.Read(ref queuedBytes);

    /// <summary>Counts a frame of <paramref name="bytes"/> queued.</summary>
    public void Queued(int bytes) => Interlocked.Add(ref queuedBytes, bytes);

    /// <summary>Counts a frame of <paramref name="bytes"/> taken by a lane.</summary>
    public void Taken(int bytes) => Interlocked.Add(ref queuedBytes, -bytes);

    /// <summary>
    /// Reserves the next append slot for a lane that has frames to write and returns how long to wait for it: zero
    /// when no append started within the interval or a full batch is queued; otherwise the time to the slot one
    /// interval after the last one reserved.
    /// </summary>
    public TimeSpan Reserve()
    {
        if (intervalTicks <= 0)
        {
            return TimeSpan.Zero;
        }

        lock (gate)
        {
            var now = time.GetTimestamp();
            if (nextSlot <= now || QueuedBytes >= backlogBytes)
            {
                nextSlot = now + intervalTicks;
                return TimeSpan.Zero;
            }

            var slot = nextSlot;
            nextSlot = slot + intervalTicks;
            return TimeSpan.FromSeconds((slot - now) / (double)time.TimestampFrequency);
        }
    }
}
