namespace Grid.Errors;

/// <summary>Key custody could not perform the operation.</summary>
[GenerateSerializer]
public sealed class KeyUnavailableException : GridException
{
    /// <summary>Creates the error with a message that says what was wrong and what to do.</summary>
    public KeyUnavailableException(string message)
        : base(GridErrorCode.KeyUnavailable, message)
    {
    }

    /// <summary>Creates the error with its lower-level cause.</summary>
    public KeyUnavailableException(string message, Exception? innerException)
        : base(GridErrorCode.KeyUnavailable, message, innerException)
    {
    }
}
