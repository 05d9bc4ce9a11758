namespace Grid.Errors;

/// <summary>
/// A governance rule of the Data Processing Addendum refused the step (notice period, objection window, audit
/// frequency) or the workflow is unknown or in another state. Nothing was changed; the message says what to do.
/// </summary>
[GenerateSerializer]
public sealed class GovernanceException : GridException
{
    /// <summary>Creates the error with one of the governance codes and a message that says what to do.</summary>
    /// <param name="code">
    /// <see cref="GridErrorCode.NoticeTooShort"/>, <see cref="GridErrorCode.ObjectionWindowClosed"/>,
    /// <see cref="GridErrorCode.AuditTooSoon"/> or <see cref="GridErrorCode.GovernanceState"/>.
    /// </param>
    /// <param name="message">The message.</param>
    public GovernanceException(GridErrorCode code, string message)
        : base(code, message)
    {
    }
}
