namespace Grid.Errors;

/// <summary>The call is not in a state that allows the operation.</summary>
[GenerateSerializer]
public sealed class CallStateException : GridException
{
    /// <summary>Creates the error with its specific code and a message that says what was wrong and what to do.</summary>
    public CallStateException(GridErrorCode code, string message)
        : base(code, message)
    {
    }
}
