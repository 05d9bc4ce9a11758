namespace Grid.Events;

/// <summary>The tenant revoked its key: nothing is decrypted or recorded until it is enabled. Type <c>key.revoked</c>.</summary>
/// <param name="KeyVersion">The key version concerned.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.KeyRevoked")]
public sealed record KeyRevoked([property: Id(0)] int KeyVersion) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "key.revoked";
}
