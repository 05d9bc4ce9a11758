namespace Grid.Errors;

/// <summary>A data-subject request is not in a state that allows the step asked for.</summary>
[GenerateSerializer]
public sealed class RequestStateException : GridException
{
    /// <summary>Creates the error with a message that says what was wrong and what to do.</summary>
    /// <param name="message">The message.</param>
    public RequestStateException(string message)
        : base(GridErrorCode.RequestState, message)
    {
    }
}
