namespace Grid.Storage.Log;

/// <summary>
/// How fast frames reach one tenant's queue on this silo, smoothed (exponentially weighted over windows of at least
/// 50 ms). A free lane asks it whether waiting the linger would gather more frames into its next append: at light
/// load it would not (the frame is written at once, no added latency); under load it would (fewer, larger appends).
/// </summary>
public sealed class LogArrivals(TimeProvider time)
{
    private const double Weight = 0.3;
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(50);
    private readonly object gate = new();
    private long count;
    private long windowCount;
    private long windowStart = time.GetTimestamp();
    private double framesPerSecond;

    public LogArrivals()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Counts one frame queued.</summary>
    public void Arrived() => Interlocked.Increment(ref count);

    /// <summary>The smoothed arrival rate in frames per second, updated when a window has passed.</summary>
    public double FramesPerSecond
    {
        get
        {
            lock (gate)
            {
                var elapsed = time.GetElapsedTime(windowStart);
                if (elapsed >= Window)
                {
                    var now = Interlocked.Read(ref count);
                    var rate = (now - windowCount) / elapsed.TotalSeconds;
                    // After a pause (a window twenty times too long) the old estimate says nothing: the first frame
                    // after it is written at once, and a steady stream pulls the estimate up within a few windows.
                    framesPerSecond = elapsed > Window * 20 ? rate : (Weight * rate) + ((1 - Weight) * framesPerSecond);
                    windowCount = now;
                    windowStart = time.GetTimestamp();
                }

                return framesPerSecond;
            }
        }
    }

    /// <summary>
    /// How long a free lane should wait before writing: the linger when at least <paramref name="frames"/> more
    /// frames are expected within it and fewer than that many are already queued (a backlog is written at once: the
    /// wait would not make the batch larger, only later); otherwise zero.
    /// </summary>
    public TimeSpan LingerFor(TimeSpan linger, double frames, int queued = 0)
    {
        var expected = FramesPerSecond * linger.TotalSeconds;
        return linger > TimeSpan.Zero && expected >= frames && queued < expected ? linger : TimeSpan.Zero;
    }
}
