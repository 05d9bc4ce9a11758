namespace Grid.Errors;

/// <summary>
/// Base of every typed error the Grid raises. <see cref="Code"/> says what went wrong; the message says what to do.
/// Errors with <see cref="IsTransient"/> set did not take effect and may be retried unchanged.
/// </summary>
[GenerateSerializer]
public class GridException : Exception
{
    /// <summary>Creates an error with its code and a message that says what was wrong and what to do.</summary>
    public GridException(GridErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>Creates an error that wraps a lower-level cause.</summary>
    public GridException(GridErrorCode code, string message, Exception? innerException)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>The machine-readable error code.</summary>
    [Id(0)]
    public GridErrorCode Code { get; private set; }

    /// <summary>True when the operation did not take effect and may be retried with the same arguments.</summary>
    public bool IsTransient => Code is GridErrorCode.StorageUnavailable or GridErrorCode.KeyUnavailable;
}
