namespace Grid.Sip.Media;

/// <summary>
/// How a recording's media is stored: <see cref="Channels"/> interleaved channels of <see cref="Codec"/> at
/// <see cref="SampleRate"/> Hz. G.711 is stored exactly as it arrived (one byte per sample per channel), so the payload
/// bytes sent are the bytes stored; playback wraps them in a WAV header (format 6 A-law, 7 µ-law, 1 PCM).
/// </summary>
/// <param name="Codec">The stored codec.</param>
/// <param name="SampleRate">Samples per second per channel.</param>
/// <param name="Channels">1 (one mixed stream) or 2 (one stream per direction).</param>
public sealed record MediaFormat(MediaCodec Codec, int SampleRate, int Channels)
{
    /// <summary>Bytes per sample of one channel.</summary>
    public int BytesPerSample => Codec == MediaCodec.L16 ? 2 : 1;

    /// <summary>Bytes per second of the interleaved media.</summary>
    public int BytesPerSecond => SampleRate * Channels * BytesPerSample;

    /// <summary>The Grid media type, e.g. <c>audio/PCMA;rate=8000;channels=2</c>.</summary>
    public string MediaType => $"audio/{Codec switch { MediaCodec.Pcma => "PCMA", MediaCodec.Pcmu => "PCMU", _ => "L16" }};rate={SampleRate};channels={Channels}";
}

/// <summary>Stored codecs.</summary>
public enum MediaCodec
{
    /// <summary>G.711 µ-law (RTP payload type 0).</summary>
    Pcmu = 0,

    /// <summary>G.711 A-law (RTP payload type 8).</summary>
    Pcma = 8,

    /// <summary>16-bit signed linear PCM in network byte order, as RFC 3551 defines <c>audio/L16</c> (when the two streams use different G.711 laws, both are decoded to it; playback serves it as WAV, little-endian).</summary>
    L16 = 100,
}
