using System.ComponentModel.DataAnnotations;

namespace Grid.Sip.Media;

/// <summary>Media handling settings (bound by the host from <c>Srs:Media</c>).</summary>
public sealed class MediaSessionOptions
{
    /// <summary>Media per chunk handed to the Grid.</summary>
    public TimeSpan ChunkDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a packet may arrive after its neighbours and still be put in order (the recorder's jitter buffer). A
    /// recorder has no listener waiting, so it favours completeness over latency: 500 ms absorbs the stalls of a busy
    /// SBC or network (measured: an overloaded SRC stalls 120–380 ms) at 8 KB of buffer per stream. Silence shorter than
    /// this without comfort noise is not reported as a gap.
    /// </summary>
    public TimeSpan ReorderWindow { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The address RTP sockets bind to (and the SDP answer's c= line, unless <see cref="AdvertisedAddress"/> is set).</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The address the SDP answer advertises (NAT); defaults to <see cref="BindAddress"/>.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// How far ahead of the clock a packet's timestamp may place it before its source is re-anchored at the clock (a
    /// timestamp jump). Media already ahead is kept contiguous.
    /// </summary>
    public TimeSpan MaxTimestampLead { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long the latched source address of a stream must have been silent before packets from another address are
    /// accepted (and latched) instead of dropped: an SRC failover moves the media, a stray sender does not.
    /// </summary>
    public TimeSpan RelatchAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most chunks queued for a slow sink; one more fails the session (<see cref="MediaSession.Failure"/>).</summary>
    [Range(1, 10_000)]
    public int MaxPendingChunks { get; set; } = 30;

    /// <summary>The most packets one stream holds waiting for their reorder window; more are dropped (counted as ignored).</summary>
    [Range(16, 1_000_000)]
    public int MaxBufferedPackets { get; set; } = 2000;

    /// <summary>The address the answer advertises: <see cref="AdvertisedAddress"/>, else <see cref="BindAddress"/>.</summary>
    public string AnswerAddress => string.IsNullOrWhiteSpace(AdvertisedAddress) ? BindAddress : AdvertisedAddress;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (ChunkDuration < TimeSpan.FromMilliseconds(10) || ChunkDuration > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"Srs:Media:ChunkDuration is {ChunkDuration}; use 10 ms to 1 minute.");
        }

        if (ReorderWindow < TimeSpan.Zero || ReorderWindow > TimeSpan.FromSeconds(5))
        {
            throw new ArgumentException($"Srs:Media:ReorderWindow is {ReorderWindow}; use 0 to 5 s.");
        }

        if (MaxTimestampLead < TimeSpan.FromMilliseconds(100) || MaxTimestampLead > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"Srs:Media:MaxTimestampLead is {MaxTimestampLead}; use 100 ms to 1 minute.");
        }

        if (RelatchAfter < TimeSpan.Zero)
        {
            throw new ArgumentException($"Srs:Media:RelatchAfter is {RelatchAfter}; use zero or more.");
        }

        if (MaxPendingChunks is < 1 or > 10_000)
        {
            throw new ArgumentException($"Srs:Media:MaxPendingChunks is {MaxPendingChunks}; use 1 to 10000.");
        }

        if (MaxBufferedPackets is < 16 or > 1_000_000)
        {
            throw new ArgumentException($"Srs:Media:MaxBufferedPackets is {MaxBufferedPackets}; use 16 to 1000000.");
        }

        if (!System.Net.IPAddress.TryParse(BindAddress, out _))
        {
            throw new ArgumentException($"Srs:Media:BindAddress '{BindAddress}' is not an IP address.");
        }
    }
}
