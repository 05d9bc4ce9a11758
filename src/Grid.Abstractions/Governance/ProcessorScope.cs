namespace Grid.Governance;

/// <summary>
/// Keys of the processor's own grains (sub-processor registry, tenant directory, incidents). They start with '_',
/// which no tenant id may contain, so no tenant credential can ever address them as its own.
/// </summary>
public static class ProcessorScope
{
    /// <summary>The key of the processor-wide grains.</summary>
    public const string Key = "_processor";

    /// <summary>The key of one security incident's grain: <c>_processor/{incidentId}</c>.</summary>
    /// <param name="incidentId">The incident id (an opaque id like a call id).</param>
    /// <returns>The grain key.</returns>
    public static string Incident(string incidentId) => $"{Key}/{GridIds.RequireCallId(incidentId)}";
}
