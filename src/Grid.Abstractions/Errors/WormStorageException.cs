namespace Grid.Errors;

/// <summary>
/// A WORM tenant's storage container does not have version-level immutability enabled, so the Grid refuses to serve
/// the tenant (provisioning, recording) rather than store without it. The processor's deployment must enable it (the
/// Bicep's <c>worm</c> parameter); nothing was written.
/// </summary>
[GenerateSerializer]
public sealed class WormStorageException : GridException
{
    /// <summary>Creates the error with a message that names the container and the fix.</summary>
    /// <param name="message">The message.</param>
    public WormStorageException(string message)
        : base(GridErrorCode.WormStorageNotEnabled, message)
    {
    }
}
