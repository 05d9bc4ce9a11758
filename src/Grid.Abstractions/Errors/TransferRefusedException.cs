namespace Grid.Errors;

/// <summary>
/// Tenant data would leave the tenant's jurisdiction for a destination without a recorded safeguard (adequacy
/// decision, standard contractual clauses, binding corporate rules). Nothing was moved; the refusal is audited.
/// </summary>
[GenerateSerializer]
public sealed class TransferRefusedException : GridException
{
    /// <summary>Creates the error with a message that says what to do.</summary>
    /// <param name="message">The message.</param>
    public TransferRefusedException(string message)
        : base(GridErrorCode.TransferRefused, message)
    {
    }
}
