namespace Grid.Sip.Media;

/// <summary>
/// Even RTP ports from a configured range (RTCP on the next odd port). A session's streams get ports P, P+2, P+4...
/// (consecutive pairs), which is also what SIPp's pcap playback of a multi-stream capture expects.
/// </summary>
public sealed class RtpPortPool
{
    public RtpPortPool(int first, int last) => throw new NotImplementedException();

    /// <summary>Reserves <paramref name="streams"/> consecutive port pairs; null when the range is exhausted.</summary>
    public int? Reserve(int streams) => throw new NotImplementedException();

    /// <summary>Returns a reservation.</summary>
    public void Release(int firstPort, int streams) => throw new NotImplementedException();
}
