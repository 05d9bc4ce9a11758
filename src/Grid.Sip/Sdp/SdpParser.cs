using System.Globalization;

namespace Grid.Sip.Sdp;

/// <summary>The SDP reader behind <see cref="SdpSession.Parse"/> (RFC 4566, tolerant of real SBC output).</summary>
internal static class SdpParser
{
    private static readonly string[] Directions = ["sendrecv", "sendonly", "recvonly", "inactive"];

    public static SdpSession Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new SdpFormatException("The SDP body is empty; send a session description starting with v=0.");
        }

        if (text.Length > SdpSession.MaxLength)
        {
            throw new SdpFormatException($"The SDP body has {text.Length} characters, more than the {SdpSession.MaxLength} accepted.");
        }

        string? origin = null;
        string? sessionConnection = null;
        string? sessionDirection = null;
        var media = new List<MediaBuilder>();
        var lineNumber = 0;
        var sawVersion = false;

        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r', ' ', '\t');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetter(line[0]))
            {
                throw new SdpFormatException($"SDP line {lineNumber} is not of the form x=value: '{Truncate(line)}'.");
            }

            var type = line[0];
            var value = line[2..];
            if (!sawVersion)
            {
                if (type != 'v' || value.Trim() != "0")
                {
                    throw new SdpFormatException($"An SDP body starts with v=0; line {lineNumber} is '{Truncate(line)}'.");
                }

                sawVersion = true;
                continue;
            }

            var current = media.Count > 0 ? media[^1] : null;
            switch (type)
            {
                case 'o' when current is null:
                    origin ??= value.Trim();
                    break;
                case 'c':
                    var address = ParseConnection(value, lineNumber);
                    if (current is null)
                    {
                        sessionConnection = address;
                    }
                    else
                    {
                        current.Connection = address;
                    }

                    break;
                case 'm':
                    if (media.Count == SdpSession.MaxMediaLines)
                    {
                        throw new SdpFormatException($"The SDP body has more than {SdpSession.MaxMediaLines} m= lines.");
                    }

                    media.Add(ParseMediaLine(value, lineNumber));
                    break;
                case 'a':
                    var (name, attributeValue) = SplitAttribute(value);
                    if (current is null)
                    {
                        if (IsDirection(name))
                        {
                            sessionDirection = name.ToLowerInvariant();
                        }
                    }
                    else
                    {
                        current.AddAttribute(name, attributeValue);
                    }

                    break;
                default:
                    // s=, t=, i=, u=, e=, p=, b=, z=, k=, r= and unknown types: not needed by the SRS.
                    break;
            }
        }

        if (!sawVersion)
        {
            throw new SdpFormatException("The SDP body has no v=0 line.");
        }

        var built = media.Select(m => m.Build(sessionConnection, sessionDirection)).ToArray();
        return new SdpSession(origin ?? string.Empty, sessionConnection, built);
    }

    internal static bool IsDirection(string name) =>
        Array.Exists(Directions, d => string.Equals(d, name, StringComparison.OrdinalIgnoreCase));

    private static string ParseConnection(string value, int lineNumber)
    {
        // c=<nettype> <addrtype> <connection-address>[/ttl][/count]
        var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 3)
        {
            throw new SdpFormatException($"SDP line {lineNumber}: c= needs a network type, an address type and an address: 'c={Truncate(value)}'.");
        }

        var address = fields[2];
        var slash = address.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? address[..slash] : address;
    }

    private static MediaBuilder ParseMediaLine(string value, int lineNumber)
    {
        // m=<media> <port>[/<number of ports>] <proto> <fmt> ...
        var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 3)
        {
            throw new SdpFormatException($"SDP line {lineNumber}: an m= line needs a media type, a port and a transport: 'm={Truncate(value)}'.");
        }

        var portField = fields[1];
        var slash = portField.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            portField = portField[..slash];
        }

        if (!int.TryParse(portField, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new SdpFormatException($"SDP line {lineNumber}: the m= port '{Truncate(fields[1])}' is not a port number (0-65535).");
        }

        var protocol = fields[2];
        var tokens = fields[3..];
        var builder = new MediaBuilder(fields[0].ToLowerInvariant(), port, protocol, tokens);
        if (protocol.Contains("RTP/", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var token in tokens)
            {
                if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var payloadType) || payloadType > 127)
                {
                    throw new SdpFormatException($"SDP line {lineNumber}: '{Truncate(token)}' is not an RTP payload type (0-127).");
                }

                builder.Formats.Add(payloadType);
            }
        }

        return builder;
    }

    private static (string Name, string? Value) SplitAttribute(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (value.Trim(), null) : (value[..colon].Trim(), value[(colon + 1)..].Trim());
    }

    private static string Truncate(string value) => value.Length <= 80 ? value : value[..80] + "...";

    private sealed class MediaBuilder(string kind, int port, string protocol, string[] tokens)
    {
        private readonly List<KeyValuePair<string, string?>> attributes = [];
        private readonly Dictionary<int, SdpRtpMap> rtpMaps = [];
        private string? label;
        private string? direction;

        public List<int> Formats { get; } = [];

        public string? Connection { get; set; }

        public void AddAttribute(string name, string? value)
        {
            attributes.Add(new(name, value));
            if (IsDirection(name))
            {
                direction = name.ToLowerInvariant();
            }
            else if (string.Equals(name, "label", StringComparison.OrdinalIgnoreCase) && value is not null)
            {
                label ??= value;
            }
            else if (string.Equals(name, "rtpmap", StringComparison.OrdinalIgnoreCase) && value is not null)
            {
                AddRtpMap(value);
            }
        }

        public SdpMedia Build(string? sessionConnection, string? sessionDirection) =>
            new(kind, port, protocol, Formats.ToArray(), Connection ?? sessionConnection, label ?? string.Empty,
                direction ?? sessionDirection ?? "sendrecv", rtpMaps, attributes.ToArray())
            {
                FormatTokens = tokens,
            };

        private void AddRtpMap(string value)
        {
            // a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]; a malformed one is ignored
            // (the static payload types still work without it).
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || !int.TryParse(value.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var payloadType) || payloadType > 127)
            {
                return;
            }

            var parts = value[(space + 1)..].Trim().Split('/');
            if (parts.Length < 2 || parts[0].Length == 0 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var clockRate) || clockRate == 0)
            {
                return;
            }

            var channels = 1;
            if (parts.Length >= 3 && (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out channels) || channels == 0))
            {
                return;
            }

            rtpMaps.TryAdd(payloadType, new SdpRtpMap(parts[0], clockRate, channels));
        }
    }
}
