namespace Grid.Sip.Sip.Transactions;

/// <summary>The RFC 3261 §17 timer values: T1 (RTT estimate), T2 (cap of retransmission intervals), T4 (network lifetime).</summary>
internal sealed record SipTimerSettings(TimeSpan T1, TimeSpan T2, TimeSpan T4)
{
    /// <summary>The RFC's values: 500 ms, 4 s, 5 s.</summary>
    public static SipTimerSettings Default { get; } = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5));

    /// <summary>64*T1: how long a transaction waits for an ACK or a final response.</summary>
    public TimeSpan Timeout64 => T1 * 64;

    /// <summary>The retransmission interval after <paramref name="current"/>: doubled, capped at T2.</summary>
    public TimeSpan Next(TimeSpan current) => current * 2 > T2 ? T2 : current * 2;
}
