namespace Grid.Errors;

/// <summary>The recording's processing is restricted on a data subject's request: it is kept but not played or analysed.</summary>
[GenerateSerializer]
public sealed class RecordingRestrictedException : GridException
{
    /// <summary>Creates the error with a message that says what was wrong and what to do.</summary>
    /// <param name="message">The message.</param>
    public RecordingRestrictedException(string message)
        : base(GridErrorCode.RecordingRestricted, message)
    {
    }
}
