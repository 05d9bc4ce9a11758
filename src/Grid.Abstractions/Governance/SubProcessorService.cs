namespace Grid.Governance;

/// <summary>What a sub-processor does for the Grid; it decides whether the Grid can route a tenant around it.</summary>
public enum SubProcessorService
{
    /// <summary>Anything else (support, monitoring...): the Grid cannot route around it.</summary>
    Other = 0,

    /// <summary>Stores recordings, indexes, audit logs (routable: a tenant can stay on another account).</summary>
    Storage = 1,

    /// <summary>Keeps tenant key-encryption keys (routable: a tenant can stay on another custody).</summary>
    KeyCustody = 2,

    /// <summary>Hosts the silos (not routable).</summary>
    Hosting = 3,

    /// <summary>Carries tenant events (not routable).</summary>
    EventDelivery = 4,
}
