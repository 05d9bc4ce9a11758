using Grid.Keys;

namespace Grid.Crypto.Custody;

/// <summary>
/// A place that holds tenants' key-encryption keys (KEKs) and wraps/unwraps data keys with them, without the KEK
/// ever leaving it. Only <c>TenantKeyGrain</c> calls it.
/// </summary>
public interface IKeyCustody
{
    KeyCustodyKind Kind { get; }

    /// <summary>Creates version <paramref name="version"/> of the tenant's KEK; idempotent.</summary>
    Task<KeyReference> CreateKeyAsync(string tenantId, int version, CancellationToken cancellationToken);

    /// <summary>Wraps a data key; <paramref name="context"/> is bound to the result and needed to unwrap it.</summary>
    Task<WrappedKey> WrapAsync(KeyReference key, ReadOnlyMemory<byte> dataKey, ReadOnlyMemory<byte> context, CancellationToken cancellationToken);

    /// <summary>
    /// Unwraps a data key wrapped with the same <paramref name="context"/>. Fails with
    /// <see cref="Errors.KeyDestroyedException"/> when the key no longer exists in custody.
    /// </summary>
    Task<byte[]> UnwrapAsync(WrappedKey wrapped, ReadOnlyMemory<byte> context, CancellationToken cancellationToken);

    /// <summary>Destroys the key version in custody; idempotent (a key already gone is not an error).</summary>
    Task DestroyKeyAsync(KeyReference key, CancellationToken cancellationToken);
}
