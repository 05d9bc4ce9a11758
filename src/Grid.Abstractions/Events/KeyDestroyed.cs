namespace Grid.Events;

/// <summary>The tenant's key was destroyed (crypto-shredding). Type <c>key.destroyed</c>.</summary>
/// <param name="KeyVersion">The key version concerned.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.KeyDestroyed")]
public sealed record KeyDestroyed([property: Id(0)] int KeyVersion) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "key.destroyed";
}
