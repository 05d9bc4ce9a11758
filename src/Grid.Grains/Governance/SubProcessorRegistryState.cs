using Grid.Governance;

namespace Grid.Grains.Governance;

/// <summary>The registry's persisted state.</summary>
[GenerateSerializer, Alias("Grid.Grains.Governance.SubProcessorRegistryState")]
public sealed class SubProcessorRegistryState
{
    /// <summary>Every change announced, in announcement order.</summary>
    [Id(0)]
    public List<SubProcessorChange> Changes { get; set; } = [];

    /// <summary>Messages to tenants not yet delivered (<c>notice|{changeId}|{tenantId}</c> or <c>close|...</c>); the reminder retries them.</summary>
    [Id(1)]
    public HashSet<string> Undelivered { get; set; } = [];

    /// <summary>Changes whose objection deadline has passed and whose windows were closed.</summary>
    [Id(2)]
    public HashSet<string> WindowsClosed { get; set; } = [];
}
