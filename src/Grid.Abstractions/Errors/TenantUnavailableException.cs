namespace Grid.Errors;

/// <summary>The tenant is unknown, suspended or terminated.</summary>
[GenerateSerializer]
public sealed class TenantUnavailableException : GridException
{
    /// <summary>Creates the error with its specific code and a message that says what was wrong and what to do.</summary>
    public TenantUnavailableException(GridErrorCode code, string message)
        : base(code, message)
    {
    }
}
