namespace Grid.Errors;

/// <summary>The principal may not access this tenant's data.</summary>
[GenerateSerializer]
public sealed class NotAuthorizedException : GridException
{
    /// <summary>Creates the error with a message that says what was wrong and what to do.</summary>
    public NotAuthorizedException(string message)
        : base(GridErrorCode.NotAuthorized, message)
    {
    }

    /// <summary>Creates the error with its lower-level cause.</summary>
    public NotAuthorizedException(string message, Exception? innerException)
        : base(GridErrorCode.NotAuthorized, message, innerException)
    {
    }
}
