namespace Grid.Testing.Load;

/// <summary>A recorder's media: bytes per second, sent as 20 ms frames batched into chunks.</summary>
/// <param name="Name">Profile name.</param>
/// <param name="BytesPerSecond">Media rate.</param>
public sealed record MediaProfile(string Name, int BytesPerSecond)
{
    /// <summary>G.711 (8 kHz, 8-bit) stereo: 16 KB/s.</summary>
    public static MediaProfile G711Stereo { get; } = new("g711-stereo", 16_000);

    /// <summary>Opus at 32 kbit/s stereo (two 16 kbit/s channels): 4 KB/s.</summary>
    public static MediaProfile Opus { get; } = new("opus-32k", 4_000);

    public static MediaProfile Parse(string name) => name switch
    {
        "g711-stereo" or "g711" => G711Stereo,
        "opus" or "opus-32k" => Opus,
        _ => throw new ArgumentException($"Unknown media profile '{name}': use g711-stereo or opus."),
    };

    /// <summary>Bytes in one chunk of <paramref name="chunk"/> duration (a whole number of 20 ms frames).</summary>
    public int ChunkBytes(TimeSpan chunk) => (int)(BytesPerSecond * Math.Max(1, Math.Round(chunk.TotalMilliseconds / 20)) * 20 / 1000);
}
