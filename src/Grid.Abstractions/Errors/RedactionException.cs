namespace Grid.Errors;

/// <summary>
/// A redaction was refused: unknown (<see cref="GridErrorCode.RedactionNotFound"/>), decided already
/// (<see cref="GridErrorCode.RedactionState"/>), approved by the person who requested it
/// (<see cref="GridErrorCode.RedactionSamePerson"/>) or the recording is under a legal hold
/// (<see cref="GridErrorCode.RedactionOnHold"/>). Nothing was changed.
/// </summary>
[GenerateSerializer]
public sealed class RedactionException : GridException
{
    /// <summary>Creates the error with one of the redaction codes and a message that says what to do.</summary>
    /// <param name="code">The code.</param>
    /// <param name="message">The message.</param>
    public RedactionException(GridErrorCode code, string message)
        : base(code, message)
    {
    }
}
