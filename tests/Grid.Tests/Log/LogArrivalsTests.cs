using Grid.Storage.Log;
using Microsoft.Extensions.Time.Testing;

namespace Grid.Tests.Log;

/// <summary>The adaptive linger's rule: wait only when the arrival rate says the wait gathers frames.</summary>
public sealed class LogArrivalsTests
{
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(20);

    private static void Arrive(LogArrivals arrivals, FakeTimeProvider time, int framesPerSecond, TimeSpan during)
    {
        var step = TimeSpan.FromSeconds(1.0 / framesPerSecond);
        for (var at = TimeSpan.Zero; at < during; at += step)
        {
            arrivals.Arrived();
            time.Advance(step);
            _ = arrivals.FramesPerSecond;
        }
    }

    [Fact]
    public void At_light_load_a_frame_is_written_at_once()
    {
        var time = new FakeTimeProvider();
        var arrivals = new LogArrivals(time);
        Arrive(arrivals, time, framesPerSecond: 50, during: TimeSpan.FromSeconds(2));

        Assert.InRange(arrivals.FramesPerSecond, 45, 55);
        Assert.Equal(TimeSpan.Zero, arrivals.LingerFor(Linger, frames: 2)); // 50/s × 20 ms = 1 frame expected
    }

    [Fact]
    public void Under_load_the_lane_lingers_and_after_a_pause_it_writes_at_once_again()
    {
        var time = new FakeTimeProvider();
        var arrivals = new LogArrivals(time);
        Arrive(arrivals, time, framesPerSecond: 500, during: TimeSpan.FromSeconds(2));

        Assert.InRange(arrivals.FramesPerSecond, 450, 550);
        Assert.Equal(Linger, arrivals.LingerFor(Linger, frames: 2)); // 500/s × 20 ms = 10 frames expected
        Assert.Equal(TimeSpan.Zero, arrivals.LingerFor(TimeSpan.Zero, frames: 2));
        Assert.Equal(Linger, arrivals.LingerFor(Linger, frames: 2, queued: 9));
        Assert.Equal(TimeSpan.Zero, arrivals.LingerFor(Linger, frames: 2, queued: 12)); // a backlog is written at once

        time.Advance(TimeSpan.FromSeconds(3));
        arrivals.Arrived();
        Assert.Equal(TimeSpan.Zero, arrivals.LingerFor(Linger, frames: 2));
    }
}
