namespace Grid.Errors;

/// <summary>The tenant's key was destroyed (crypto-shredded); what it protected is permanently unreadable.</summary>
[GenerateSerializer]
public sealed class KeyDestroyedException : GridException
{
    /// <summary>Creates the error with a message that says what was wrong and what to do.</summary>
    public KeyDestroyedException(string message)
        : base(GridErrorCode.KeyDestroyed, message)
    {
    }
}
