namespace Grid.Sip.Media;

/// <summary>Media handling settings (bound by the host from <c>Srs:Media</c>).</summary>
public sealed class MediaSessionOptions
{
    /// <summary>Media per chunk handed to the Grid.</summary>
    public TimeSpan ChunkDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a packet may arrive after its neighbours and still be put in order.</summary>
    public TimeSpan ReorderWindow { get; set; } = TimeSpan.FromMilliseconds(80);

    /// <summary>The address RTP sockets bind to (and the SDP answer's c= line, unless <see cref="AdvertisedAddress"/> is set).</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The address the SDP answer advertises (NAT); defaults to <see cref="BindAddress"/>.</summary>
    public string? AdvertisedAddress { get; set; }
}
