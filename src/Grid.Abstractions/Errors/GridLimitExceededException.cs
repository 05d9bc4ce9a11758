namespace Grid.Errors;

/// <summary>A configured limit (chunk size, call length) was exceeded; nothing was changed.</summary>
[GenerateSerializer]
public sealed class GridLimitExceededException : GridException
{
    /// <summary>Creates the error with its specific code and a message that says what was wrong and what to do.</summary>
    public GridLimitExceededException(GridErrorCode code, string message)
        : base(code, message)
    {
    }
}
