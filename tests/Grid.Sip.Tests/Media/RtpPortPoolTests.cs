using Grid.Sip.Media;

namespace Grid.Sip.Tests.Media;

public sealed class RtpPortPoolTests
{
    [Fact]
    public void Reservations_are_consecutive_even_pairs_round_robin()
    {
        var pool = new RtpPortPool(40001, 40020);

        Assert.Equal(40002, pool.First);
        Assert.Equal(9, pool.Capacity);
        Assert.Equal(40002, pool.Reserve(2));
        Assert.Equal(40006, pool.Reserve(1));
        pool.Release(40002, 2);
        Assert.Equal(40008, pool.Reserve(2));
        Assert.Equal(3, pool.InUse);
    }

    [Fact]
    public void Exhaustion_gives_null_and_release_makes_room()
    {
        var pool = new RtpPortPool(40000, 40007);

        Assert.Equal(40000, pool.Reserve(2));
        Assert.Equal(40004, pool.Reserve(2));
        Assert.Null(pool.Reserve(1));
        pool.Release(40000, 2);
        Assert.Null(pool.Reserve(3));
        Assert.Equal(40000, pool.Reserve(2));
    }

    [Fact]
    public void Release_checks_the_reservation()
    {
        var pool = new RtpPortPool(40000, 40010);
        var first = pool.Reserve(1)!.Value;

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Release(first + 1, 1));
        Assert.Throws<InvalidOperationException>(() => pool.Release(first + 2, 1));
        pool.Release(first, 1);
        Assert.Throws<InvalidOperationException>(() => pool.Release(first, 1));
        Assert.Throws<ArgumentException>(() => new RtpPortPool(40000, 40000));
    }

    [Fact]
    public void Concurrent_reservations_never_overlap()
    {
        var pool = new RtpPortPool(40000, 41999);
        var taken = new System.Collections.Concurrent.ConcurrentBag<int>();

        Parallel.For(0, 500, _ =>
        {
            if (pool.Reserve(2) is { } port)
            {
                taken.Add(port);
                taken.Add(port + 2);
            }
        });

        Assert.Equal(1000, taken.Count);
        Assert.Equal(1000, taken.Distinct().Count());
        Assert.Equal(1000, pool.InUse);
    }
}
