namespace Grid.Crypto.Format;

/// <summary>A recording failed to parse or authenticate; <see cref="Error"/> says how.</summary>
public sealed class RecordingFormatException(RecordingFormatError error, string message)
    : Exception($"{error}: {message}")
{
    /// <summary>How the recording failed.</summary>
    public RecordingFormatError Error { get; } = error;
}
