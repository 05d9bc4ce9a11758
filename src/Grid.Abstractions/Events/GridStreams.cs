namespace Grid.Events;

/// <summary>Names of the Grid's Orleans streams.</summary>
public static class GridStreams
{
    /// <summary>The stream provider that carries tenant events.</summary>
    public const string ProviderName = "grid-events";

    /// <summary>The stream namespace of tenant events; the stream key is the tenant id.</summary>
    public const string TenantEventsNamespace = "tenant-events";

    /// <summary>The grain storage that holds stream subscriptions.</summary>
    public const string PubSubStore = "PubSubStore";
}
