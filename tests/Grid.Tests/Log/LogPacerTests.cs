using Grid.Storage.Log;
using Microsoft.Extensions.Time.Testing;

namespace Grid.Tests.Log;

/// <summary>The paced group commit's rule: a tenant's lanes start appends at least the linger apart; nothing waits at light load or behind a backlog.</summary>
public sealed class LogPacerTests
{
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(40);

    [Fact]
    public void A_frame_after_a_quiet_interval_is_written_at_once()
    {
        var time = new FakeTimeProvider();
        var pacer = new LogPacer(Linger, backlogBytes: 1024 * 1024, time);

        Assert.Equal(TimeSpan.Zero, pacer.Reserve());
        time.Advance(TimeSpan.FromMilliseconds(40));
        Assert.Equal(TimeSpan.Zero, pacer.Reserve());
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.Zero, pacer.Reserve());
    }

    [Fact]
    public void Under_load_the_lanes_take_slots_one_linger_apart()
    {
        var time = new FakeTimeProvider();
        var pacer = new LogPacer(Linger, backlogBytes: 1024 * 1024, time);

        Assert.Equal(TimeSpan.Zero, pacer.Reserve()); // lane 0 writes at once
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(TimeSpan.FromMilliseconds(30), pacer.Reserve()); // lane 1: the slot at 40 ms
        time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(TimeSpan.FromMilliseconds(65), pacer.Reserve()); // lane 0 again, done writing: the slot at 80 ms
    }

    [Fact]
    public void A_full_batch_queued_is_written_at_once_and_no_pacing_means_no_wait()
    {
        var time = new FakeTimeProvider();
        var pacer = new LogPacer(Linger, backlogBytes: 64 * 1024, time);
        Assert.Equal(TimeSpan.Zero, pacer.Reserve());

        pacer.Queued(40_000);
        pacer.Queued(30_000);
        Assert.Equal(70_000, pacer.QueuedBytes);
        Assert.Equal(TimeSpan.Zero, pacer.Reserve());
        pacer.Taken(40_000);
        Assert.Equal(TimeSpan.FromMilliseconds(40), pacer.Reserve());

        var unpaced = new LogPacer(TimeSpan.Zero, backlogBytes: 64 * 1024, time);
        Assert.Equal(TimeSpan.Zero, unpaced.Reserve());
        Assert.Equal(TimeSpan.Zero, unpaced.Reserve());
    }
}
