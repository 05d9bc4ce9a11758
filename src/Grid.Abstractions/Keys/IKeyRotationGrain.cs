using Grid.Security;

namespace Grid.Keys;

/// <summary>
/// Runs a tenant's key rotation, keyed by tenant id: a new key version, and optionally the re-wrap of every
/// existing recording's data key under it (media is never decrypted).
/// </summary>
[Alias("Grid.Keys.IKeyRotationGrain")]
public interface IKeyRotationGrain : IGrainWithStringKey
{
    /// <summary>Rotates the tenant's key; with <paramref name="rewrapExisting"/>, re-wraps every stored recording.</summary>
    /// <param name="rewrapExisting">Also re-wrap existing recordings' data keys.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>What was done.</returns>
    [Alias("Rotate")]
    [GridAccess(GridRoles.TenantAdmin)]
    [ResponseTimeout("00:30:00")]
    Task<KeyRotationReport> RotateAsync(bool rewrapExisting, CancellationToken cancellationToken = default);
}
