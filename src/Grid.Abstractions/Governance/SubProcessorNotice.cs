namespace Grid.Governance;

/// <summary>A change as one tenant was notified of it, with its objection.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Governance.SubProcessorNotice")]
public sealed record SubProcessorNotice
{
    /// <summary>The change.</summary>
    [Id(0)]
    public required SubProcessorChange Change { get; init; }

    /// <summary>When the tenant was notified.</summary>
    [Id(1)]
    public DateTimeOffset NotifiedAt { get; init; }

    /// <summary>The tenant's objection, or null.</summary>
    [Id(2)]
    public SubProcessorObjection? Objection { get; init; }

    /// <summary>True once the objection deadline passed (its reminder fired).</summary>
    [Id(3)]
    public bool WindowClosed { get; init; }
}
