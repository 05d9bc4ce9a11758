namespace Grid.Governance;

/// <summary>The sub-processors that apply to one tenant at a moment.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Governance.TenantSubProcessors")]
public sealed record TenantSubProcessors
{
    /// <summary>The moment the list is for.</summary>
    [Id(0)]
    public DateTimeOffset AsOf { get; init; }

    /// <summary>Sub-processors processing the tenant's data at that moment.</summary>
    [Id(1)]
    public IReadOnlyList<SubProcessor> Active { get; init; } = [];

    /// <summary>Sub-processors in the registry the tenant is routed around (it objected).</summary>
    [Id(2)]
    public IReadOnlyList<SubProcessor> RoutedAround { get; init; } = [];
}
