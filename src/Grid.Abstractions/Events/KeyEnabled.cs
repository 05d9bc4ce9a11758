namespace Grid.Events;

/// <summary>The tenant re-enabled its key. Type <c>key.enabled</c>.</summary>
/// <param name="KeyVersion">The key version concerned.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.KeyEnabled")]
public sealed record KeyEnabled([property: Id(0)] int KeyVersion) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "key.enabled";
}
