namespace Grid.Sip.Media;

/// <summary>
/// Even RTP ports from a configured range (RTCP on the next odd port). A session's streams get ports P, P+2, P+4...
/// (consecutive pairs), which is also what SIPp's pcap playback of a multi-stream capture expects.
/// </summary>
/// <remarks>
/// Thread-safe. Reservations are handed out round-robin (the search starts after the last reservation), so a port
/// just released is not reused at once and late packets of an ended session do not reach the next one.
/// </remarks>
public sealed class RtpPortPool
{
    private readonly Lock gate = new();
    private readonly bool[] used;
    private int cursor;

    /// <summary>A pool of the even ports from <paramref name="first"/> (rounded up to even) to <paramref name="last"/>, each with the odd port after it.</summary>
    public RtpPortPool(int first, int last)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(first, 1024);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(last, 65535);
        First = first % 2 == 0 ? first : first + 1;
        var pairs = (last - First + 1) / 2;
        if (pairs < 1)
        {
            throw new ArgumentException($"The RTP port range {first}-{last} holds no even/odd port pair.", nameof(last));
        }

        used = new bool[pairs];
    }

    /// <summary>The lowest (even) port of the range.</summary>
    public int First { get; }

    /// <summary>How many port pairs the range holds.</summary>
    public int Capacity => used.Length;

    /// <summary>How many port pairs are reserved now.</summary>
    public int InUse
    {
        get
        {
            lock (gate)
            {
                return used.Count(u => u);
            }
        }
    }

    /// <summary>Reserves <paramref name="streams"/> consecutive port pairs; null when the range is exhausted.</summary>
    public int? Reserve(int streams)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streams, 1);
        lock (gate)
        {
            for (var tried = 0; tried < used.Length; tried++)
            {
                var start = (cursor + tried) % used.Length;
                if (start + streams > used.Length)
                {
                    continue;
                }

                var free = true;
                for (var i = start; i < start + streams && free; i++)
                {
                    free = !used[i];
                }

                if (free)
                {
                    for (var i = start; i < start + streams; i++)
                    {
                        used[i] = true;
                    }

                    cursor = (start + streams) % used.Length;
                    return First + (2 * start);
                }
            }

            return null;
        }
    }

    /// <summary>Returns a reservation.</summary>
    public void Release(int firstPort, int streams)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streams, 1);
        var start = (firstPort - First) / 2;
        if (firstPort < First || (firstPort - First) % 2 != 0 || start + streams > used.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(firstPort), firstPort, $"Port {firstPort} with {streams} pairs is not a reservation of the pool {First}-{First + (2 * used.Length) - 1}.");
        }

        lock (gate)
        {
            for (var i = start; i < start + streams; i++)
            {
                if (!used[i])
                {
                    throw new InvalidOperationException($"Port {First + (2 * i)} is not reserved; a reservation is released once.");
                }
            }

            for (var i = start; i < start + streams; i++)
            {
                used[i] = false;
            }
        }
    }
}
