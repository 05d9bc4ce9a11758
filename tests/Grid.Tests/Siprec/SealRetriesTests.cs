using Grid.Sip.Recording;
using Grid.Siprec;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Grid.Tests.Siprec;

/// <summary>Seals that failed during a Grid outage are retried until the Grid is back, and given up after the window.</summary>
public sealed class SealRetriesTests
{
    /// <summary>
    /// Moves the clock one interval at a time, each time after the retry loop is waiting on it (so every step is one
    /// attempt), until <paramref name="done"/>; returns the steps taken.
    /// </summary>
    private static async Task<int> StepUntilAsync(FakeTimeProvider clock, Func<int> attempts, Func<bool> done, TimeSpan step, int steps)
    {
        var taken = 0;
        for (; taken < steps && !done(); taken++)
        {
            // The loop registers its delay right after Add and after each attempt: give it (real) time to do so.
            await Task.Delay(100);
            var before = attempts();
            clock.Advance(step);
            for (var wait = 0; wait < 100 && attempts() == before && !done(); wait++)
            {
                await Task.Delay(10);
            }
        }

        return taken;
    }

    [Fact]
    public async Task A_seal_refused_while_the_grid_is_out_is_retried_each_interval_until_it_succeeds()
    {
        var clock = new FakeTimeProvider();
        await using var retries = new SealRetries(NullLogger<SealRetries>.Instance, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), clock);
        var attempts = 0;
        var sealedAt = TimeSpan.Zero;
        var start = clock.GetUtcNow();

        retries.Add("siprec-1", _ =>
        {
            attempts++;
            if (attempts < 3)
            {
                throw new RecordingUnavailableException("out", TimeSpan.Zero);
            }

            sealedAt = clock.GetUtcNow() - start;
            return Task.CompletedTask;
        });
        var steps = await StepUntilAsync(clock, () => Volatile.Read(ref attempts), () => retries.Count == 0, TimeSpan.FromSeconds(30), 20);

        Assert.Equal((3, 3, TimeSpan.FromSeconds(90), 0), (steps, attempts, sealedAt, retries.Count));
    }

    [Fact]
    public async Task A_seal_is_given_up_after_the_window_and_a_repeated_add_is_one_retry()
    {
        var clock = new FakeTimeProvider();
        await using var retries = new SealRetries(NullLogger<SealRetries>.Instance, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), clock);
        var attempts = 0;
        Task Failing(CancellationToken _)
        {
            Interlocked.Increment(ref attempts);
            throw new RecordingUnavailableException("out", TimeSpan.Zero);
        }

        retries.Add("siprec-2", Failing);
        retries.Add("siprec-2", Failing);
        Assert.Equal(1, retries.Count);
        var steps = await StepUntilAsync(clock, () => Volatile.Read(ref attempts), () => retries.Count == 0, TimeSpan.FromSeconds(30), 20);

        // Attempts at 30, 60, 90 and 120 s; the window of 2 minutes is then over.
        Assert.Equal((4, 4, 0), (steps, attempts, retries.Count));
    }
}
