namespace Grid.Errors;

/// <summary>No data-subject request with this id exists for the tenant.</summary>
[GenerateSerializer]
public sealed class RequestNotFoundException : GridException
{
    /// <summary>Creates the error with a message that says what was wrong and what to do.</summary>
    /// <param name="message">The message.</param>
    public RequestNotFoundException(string message)
        : base(GridErrorCode.RequestNotFound, message)
    {
    }
}
