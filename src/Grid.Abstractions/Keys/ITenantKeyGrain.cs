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
    /// <returns>The current key.</returns>
    [Alias("Initialize")]
    Task<KeyReference> InitializeAsync(KeyCustodyKind custody);

    /// <summary>Wraps a data key for one call under the tenant's current key.</summary>
    /// <param name="callId">The call the data key belongs to (bound to the wrapped key).</param>
    /// <param name="dataKey">The 32-byte data key.</param>
    /// <returns>The wrapped key.</returns>
    [Alias("Wrap")]
    Task<WrappedKey> WrapAsync(string callId, byte[] dataKey);

    /// <summary>Unwraps a call's data key.</summary>
    /// <param name="callId">The call the data key belongs to.</param>
    /// <param name="wrapped">The wrapped key.</param>
    /// <param name="purpose">Why (e.g. <c>append</c>, <c>playback</c>); recorded with the key use.</param>
    /// <returns>The 32-byte data key.</returns>
    [Alias("Unwrap")]
    Task<byte[]> UnwrapAsync(string callId, WrappedKey wrapped, string purpose);
}
