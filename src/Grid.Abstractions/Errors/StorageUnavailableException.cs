namespace Grid.Errors;

/// <summary>Durable storage was unreachable; retry with the same arguments.</summary>
[GenerateSerializer]
public sealed class StorageUnavailableException : GridException
{
    /// <summary>Creates the error with a message that says what was wrong and what to do.</summary>
    public StorageUnavailableException(string message)
        : base(GridErrorCode.StorageUnavailable, message)
    {
    }

    /// <summary>Creates the error with its lower-level cause.</summary>
    public StorageUnavailableException(string message, Exception? innerException)
        : base(GridErrorCode.StorageUnavailable, message, innerException)
    {
    }
}
