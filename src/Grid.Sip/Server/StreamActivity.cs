using Grid.Sip.Media;
using Grid.Sip.Sdp;

namespace Grid.Sip.Server;

/// <summary>How an SRC signals that a stream carries nothing for now (a pause): <c>a=inactive</c> (or recvonly), a hold address (<c>c=0.0.0.0</c>), or port 0.</summary>
internal static class StreamActivity
{
    /// <summary>Why <paramref name="media"/> is inactive, or null when it is active.</summary>
    public static string? InactiveCause(SdpMedia media, PlannedStream stream)
    {
        if (media.Port == 0)
        {
            return "port-zero";
        }

        if (media.ConnectionAddress is "0.0.0.0" or "::")
        {
            return "hold-address";
        }

        if (media.Direction is "inactive" or "recvonly")
        {
            return "inactive";
        }

        return stream.Inactive ? "inactive" : null;
    }
}
