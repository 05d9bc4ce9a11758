namespace Grid.Errors;

/// <summary>Stored data failed its integrity check.</summary>
[GenerateSerializer]
public sealed class RecordingCorruptException : GridException
{
    /// <summary>Creates the error with a message that says what was wrong and what to do.</summary>
    public RecordingCorruptException(string message)
        : base(GridErrorCode.RecordingCorrupt, message)
    {
    }

    /// <summary>Creates the error with its lower-level cause.</summary>
    public RecordingCorruptException(string message, Exception? innerException)
        : base(GridErrorCode.RecordingCorrupt, message, innerException)
    {
    }
}
