namespace Grid.Errors;

/// <summary>An argument was malformed; nothing was changed.</summary>
[GenerateSerializer]
public sealed class GridValidationException : GridException
{
    /// <summary>Creates the error with a message that says what was wrong and what to do.</summary>
    public GridValidationException(string message)
        : base(GridErrorCode.InvalidInput, message)
    {
    }

    /// <summary>Creates the error with its lower-level cause.</summary>
    public GridValidationException(string message, Exception? innerException)
        : base(GridErrorCode.InvalidInput, message, innerException)
    {
    }
}
