using Grid.Storage.Log;
using Microsoft.Extensions.Time.Testing;

namespace Grid.Tests.Log;

/// <summary>
/// The paced group commit's rule: while many calls send frames, a tenant's lanes start appends at least the linger
/// apart; nothing waits after a quiet interval, behind a backlog, or when too few calls send frames for a wait to
/// gather any.
/// </summary>
public sealed class LogPacerTests
{
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(40);

    // One second of real-time calls: each sends one 16 KB frame (1 s chunks).
    private static void Second(LogPacer pacer, FakeTimeProvider time, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            pacer.Queued(16_000, $"call-{i}");
            pacer.Taken(16_000);
            time.Advance(TimeSpan.FromSeconds(1.0 / calls));
        }
    }

    [Fact]
    public void Under_load_the_lanes_take_slots_one_linger_apart_and_after_a_quiet_interval_a_frame_is_written_at_once()
    {
        var time = new FakeTimeProvider();
        var pacer = new LogPacer(Linger, backlogBytes: 1024 * 1024, time);
        Second(pacer, time, calls: 300);

        Assert.Equal(TimeSpan.Zero, pacer.Reserve()); // lane 0 writes at once
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(TimeSpan.FromMilliseconds(30), pacer.Reserve()); // lane 1: the slot at 40 ms
        time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(TimeSpan.FromMilliseconds(65), pacer.Reserve()); // lane 0 again, done writing: the slot at 80 ms
        time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(TimeSpan.Zero, pacer.Reserve()); // no slot reserved within the linger: at once
    }

    [Fact]
    public void A_call_appending_back_to_back_alone_or_a_few_light_calls_are_never_made_to_wait()
    {
        var time = new FakeTimeProvider();
        var alone = new LogPacer(Linger, backlogBytes: 1024 * 1024, time);
        for (var i = 0; i < 100; i++)
        {
            // One import: 100 frames a second, each sent when the previous one was acknowledged.
            alone.Queued(16_000, "import");
            alone.Taken(16_000);
            Assert.Equal(TimeSpan.Zero, alone.Reserve());
            time.Advance(TimeSpan.FromMilliseconds(10));
        }

        var light = new LogPacer(Linger, backlogBytes: 1024 * 1024, time);
        Second(light, time, calls: 20); // 20 frames a second: less than one per linger
        Assert.Equal(TimeSpan.Zero, light.Reserve());
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(TimeSpan.Zero, light.Reserve());
    }

    [Fact]
    public void A_full_batch_queued_is_written_at_once_and_no_pacing_means_no_wait()
    {
        var time = new FakeTimeProvider();
        var pacer = new LogPacer(Linger, backlogBytes: 64 * 1024, time);
        Second(pacer, time, calls: 100);
        Assert.Equal(TimeSpan.Zero, pacer.Reserve());

        pacer.Queued(40_000, "call-1");
        pacer.Queued(30_000, "call-2");
        Assert.Equal(70_000, pacer.QueuedBytes);
        Assert.Equal(TimeSpan.Zero, pacer.Reserve());
        pacer.Taken(40_000);
        Assert.Equal(TimeSpan.FromMilliseconds(40), pacer.Reserve());

        var unpaced = new LogPacer(TimeSpan.Zero, backlogBytes: 64 * 1024, time);
        Second(unpaced, time, calls: 100);
        Assert.Equal(TimeSpan.Zero, unpaced.Reserve());
        Assert.Equal(TimeSpan.Zero, unpaced.Reserve());
    }
}
