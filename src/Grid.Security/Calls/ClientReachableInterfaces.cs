namespace Grid.Security.Calls;

/// <summary>
/// The Orleans interfaces (not the Grid's) that a gateway client may call without the silo-only proof: exactly what
/// an Orleans 10 client needs to connect and make Grid calls. Everything else of Orleans' own (the management grain,
/// silo control, membership, reminders, stream pub-sub, grain management, the dashboard's grains and services) is for
/// silos only; operators reach the dashboard over HTTP, where the silo makes those calls itself.
/// </summary>
/// <remarks>
/// Matched by the interface of the method the request carries (authoritative: it is what runs), never by the
/// message's interface header or sender id, which a client writes itself. Several are internal to Orleans, hence names.
/// </remarks>
public static class ClientReachableInterfaces
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        // The client's view of the cluster's grain types (asked at connect and then periodically).
        "Orleans.Runtime.IClusterManifestSystemTarget",

        // Cancelling a grain call the client made (Orleans 10 grain call cancellation).
        "Orleans.Runtime.IGrainCallCancellationExtension",

        // Pages of an IAsyncEnumerable grain method; its start is authorised as the Grid method it carries.
        "Orleans.Runtime.IAsyncEnumerableGrainExtension",

        // A grain timer's tick: a message the silo queues to the grain itself, never sent over a connection (its
        // request holds the timer object and cannot be serialised), so it carries no proof and needs none.
        "Orleans.Runtime.IGrainTimerInvoker",
    };

    /// <summary>The interfaces allowed, by full name.</summary>
    public static IReadOnlyCollection<string> All => Names;

    /// <summary>True when a client may call <paramref name="interfaceType"/> without the silo-only proof.</summary>
    public static bool Allows(Type? interfaceType) => interfaceType?.FullName is { } name && Names.Contains(name);
}
