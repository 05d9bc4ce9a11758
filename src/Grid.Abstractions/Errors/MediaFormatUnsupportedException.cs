namespace Grid.Errors;

/// <summary>
/// The recording's samples cannot be read for what was asked (a waveform of Opus, of a WAV file of floating-point
/// samples, of an unknown media type). Nothing changed; the recording plays as stored. Not transient.
/// </summary>
[GenerateSerializer]
public sealed class MediaFormatUnsupportedException : GridException
{
    /// <summary>Creates the error with a message that says what was wrong and what to do.</summary>
    /// <param name="message">The message.</param>
    public MediaFormatUnsupportedException(string message)
        : base(GridErrorCode.MediaFormatUnsupported, message)
    {
    }
}
