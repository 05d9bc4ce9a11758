namespace Grid.Errors;

/// <summary>The tenant's key is revoked; decryption and new recordings are refused until the tenant re-enables it.</summary>
[GenerateSerializer]
public sealed class KeyRevokedException : GridException
{
    /// <summary>Creates the error with a message that says what was wrong and what to do.</summary>
    public KeyRevokedException(string message)
        : base(GridErrorCode.KeyRevoked, message)
    {
    }
}
