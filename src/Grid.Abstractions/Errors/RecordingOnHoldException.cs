namespace Grid.Errors;

/// <summary>The recording is isolated under a legal hold; only a principal with the legal-hold role may access it.</summary>
[GenerateSerializer]
public sealed class RecordingOnHoldException : GridException
{
    /// <summary>Creates the error with a message that says what was wrong and what to do.</summary>
    /// <param name="message">The message.</param>
    public RecordingOnHoldException(string message)
        : base(GridErrorCode.RecordingOnHold, message)
    {
    }
}
