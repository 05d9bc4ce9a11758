using Orleans.Concurrency;
using Grid.Security;

namespace Grid.Keys;

/// <summary>
/// The only place that talks to a tenant's key custody, keyed by tenant id: creates the tenant's key-encryption
/// key and wraps and unwraps data keys with it.
/// </summary>
[Alias("Grid.Keys.ITenantKeyGrain")]
public interface ITenantKeyGrain : IGrainWithStringKey
{
    /// <summary>Creates the tenant's first key in the given custody; idempotent.</summary>
    /// <param name="custody">The custody provider.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The current key.</returns>
    [Alias("Initialize")]
    [InternalOnly]
    Task<KeyReference> InitializeAsync(KeyCustodyKind custody, CancellationToken cancellationToken = default);

    /// <summary>Wraps a data key for one call under the tenant's current key; the use is audited first.</summary>
    /// <param name="callId">The call the data key belongs to (bound to the wrapped key).</param>
    /// <param name="dataKey">The 32-byte data key.</param>
    /// <param name="use">Why and for whom.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The wrapped key.</returns>
    [Alias("Wrap")]
    [ReadOnly]
    [InternalOnly]
    Task<WrappedKey> WrapAsync(string callId, byte[] dataKey, KeyUse use, CancellationToken cancellationToken = default);

    /// <summary>Unwraps a call's data key; the use is written to the tenant's audit log first.</summary>
    /// <param name="callId">The call the data key belongs to.</param>
    /// <param name="wrapped">The wrapped key.</param>
    /// <param name="use">Why and for whom.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The 32-byte data key.</returns>
    [Alias("Unwrap")]
    [ReadOnly]
    [InternalOnly]
    Task<byte[]> UnwrapAsync(string callId, WrappedKey wrapped, KeyUse use, CancellationToken cancellationToken = default);

    /// <summary>Creates a new key version; new recordings use it, older ones still unwrap with theirs.</summary>
    /// <returns>The new current version.</returns>
    [Alias("Rotate")]
    [GridAccess(GridRoles.TenantAdmin)]
    Task<KeyReference> RotateAsync(CancellationToken cancellationToken = default);

    /// <summary>Revokes the key at once: every wrap and unwrap is refused with <see cref="Errors.KeyRevokedException"/>.</summary>
    /// <returns>The key's state.</returns>
    [Alias("Revoke")]
    [GridAccess(GridRoles.TenantAdmin)]
    Task<TenantKeyInfo> RevokeAsync(CancellationToken cancellationToken = default);

    /// <summary>Re-enables a revoked key.</summary>
    /// <returns>The key's state.</returns>
    [Alias("Enable")]
    [GridAccess(GridRoles.TenantAdmin)]
    Task<TenantKeyInfo> EnableAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Destroys every version of the key in custody (crypto-shredding): every recording under it, including any
    /// copy or backup, becomes permanently unreadable. Final. Idempotent: returns the recorded destruction.
    /// </summary>
    /// <param name="principal">Who asked (opaque id).</param>
    /// <param name="retainCurrentVersion">
    /// Keep the current version (and only it): used after termination when recordings under legal hold were
    /// re-wrapped under it. Every other version is destroyed; the key stays usable for the held recordings.
    /// </param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>What was destroyed and when.</returns>
    [Alias("Destroy")]
    [InternalOnly]
    Task<KeyDestruction> DestroyAsync(string principal, bool retainCurrentVersion = false, CancellationToken cancellationToken = default);

    /// <summary>The key's state.</summary>
    /// <returns>References and status, never key material.</returns>
    [Alias("GetInfo")]
    [ReadOnly]
    [GridAccess(GridRoles.TenantAdmin, GridRoles.Auditor)]
    Task<TenantKeyInfo> GetInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The tenant's blind-index key (32 bytes, HMAC-SHA256): created on first use, kept only wrapped under the
    /// tenant's key-encryption key, unwrapped (and audited) on each call. Refused while the key is revoked or
    /// destroyed, so participant search stops with the tenant's key.
    /// </summary>
    /// <param name="use">Why and for whom.</param>
    /// <param name="cancellationToken">Cancels the call (Orleans passes the caller's cancellation to the grain).</param>
    /// <returns>The index key.</returns>
    [Alias("IndexKey")]
    [InternalOnly]
    Task<byte[]> IndexKeyAsync(KeyUse use, CancellationToken cancellationToken = default);
}
