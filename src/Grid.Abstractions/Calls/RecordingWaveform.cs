namespace Grid.Calls;

/// <summary>
/// A picture of a recording's sound: per channel and per column of equal time on the player's timeline (pauses
/// included, as silence), the loudest sample's level on a 0–127 scale of its decibels below full scale (0 is −60 dBFS
/// or quieter, 127 is 0 dBFS; about 0.47 dB a step), and where the recording was paused. Derived from the decrypted
/// media each time it is asked for (or from a silo's memory, per recording version); never stored.
/// </summary>
[GenerateSerializer, Immutable, Alias("Grid.Calls.RecordingWaveform")]
public sealed record RecordingWaveform
{
    /// <summary>The loudest level: 0 dBFS.</summary>
    public const int MaxLevel = 127;

    /// <summary>The quietest level drawn above zero: −60 dBFS.</summary>
    public const double FloorDecibels = -60;

    /// <summary>Columns per channel.</summary>
    [Id(0)]
    public int Columns { get; init; }

    /// <summary>Channels (one band each).</summary>
    [Id(1)]
    public int Channels { get; init; }

    /// <summary>The player's timeline: the media plus its pauses, in milliseconds.</summary>
    [Id(2)]
    public long DurationMs { get; init; }

    /// <summary>Levels, channel after channel: <c>Levels[channel * Columns + column]</c>.</summary>
    [Id(3)]
    public byte[] Levels { get; init; } = [];

    /// <summary>Where the recording was paused, on the player's timeline (silence in the file).</summary>
    [Id(4)]
    public IReadOnlyList<WaveformSpan> Pauses { get; init; } = [];

    /// <summary>The recording's version (0 as made; each approved redaction adds one).</summary>
    [Id(5)]
    public int Version { get; init; }

    /// <summary>The level of a 16-bit linear sample's magnitude (0 to 32768).</summary>
    /// <param name="magnitude">|sample|.</param>
    /// <returns>0 to <see cref="MaxLevel"/>.</returns>
    public static byte LevelOf(int magnitude)
    {
        if (magnitude <= 0)
        {
            return 0;
        }

        var decibels = 20 * Math.Log10(Math.Min(magnitude, 32768) / 32768.0);
        return (byte)Math.Clamp((int)Math.Round((decibels - FloorDecibels) * MaxLevel / -FloorDecibels), 0, MaxLevel);
    }

    /// <summary>The level of channel <paramref name="channel"/> at <paramref name="column"/>.</summary>
    /// <param name="channel">0-based channel.</param>
    /// <param name="column">0-based column.</param>
    /// <returns>0 to <see cref="MaxLevel"/>.</returns>
    public byte LevelAt(int channel, int column) => Levels[(channel * Columns) + column];
}

/// <summary>A span of the player's timeline in milliseconds, with what it is.</summary>
/// <param name="FromMs">Start.</param>
/// <param name="ToMs">End (exclusive).</param>
/// <param name="Kind"><c>pause</c> (recording paused, e.g. for card data) or <c>hold</c> (the call was on hold: the phone system set the streams inactive).</param>
/// <param name="Label">The pause's reason label.</param>
[GenerateSerializer, Immutable, Alias("Grid.Calls.WaveformSpan")]
public sealed record WaveformSpan([property: Id(0)] long FromMs, [property: Id(1)] long ToMs, [property: Id(2)] string Kind, [property: Id(3)] string Label);
