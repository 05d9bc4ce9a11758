namespace Grid.Events;

/// <summary>
/// What happened, one record per kind (<see cref="CallStarted"/>, <see cref="KeyRevoked"/>, ...): ids, counts and
/// versions only, never media or personal metadata. Travels in a <see cref="TenantEventEnvelope"/>.
/// </summary>
[GenerateSerializer, Alias("Grid.Events.TenantEvent")]
public abstract record TenantEvent
{
    /// <summary>The event's type as receivers see it (webhook <c>type</c>, e.g. <c>call.started</c>).</summary>
    public abstract string Type { get; }
}
