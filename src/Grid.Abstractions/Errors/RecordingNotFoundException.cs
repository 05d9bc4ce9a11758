namespace Grid.Errors;

/// <summary>No recording exists under this id.</summary>
[GenerateSerializer]
public sealed class RecordingNotFoundException : GridException
{
    /// <summary>Creates the error with a message that says what was wrong and what to do.</summary>
    public RecordingNotFoundException(string message)
        : base(GridErrorCode.RecordingNotFound, message)
    {
    }

    /// <summary>Creates the error with its lower-level cause.</summary>
    public RecordingNotFoundException(string message, Exception? innerException)
        : base(GridErrorCode.RecordingNotFound, message, innerException)
    {
    }
}
