namespace Grid.Events;

/// <summary>The tenant's key was rotated. Type <c>key.rotated</c>.</summary>
/// <param name="KeyVersion">The new key version.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.KeyRotated")]
public sealed record KeyRotated([property: Id(0)] int KeyVersion) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "key.rotated";
}
