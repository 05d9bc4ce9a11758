namespace Grid.Keys;

/// <summary>What key material was destroyed, and when: the evidence a deletion certificate cites.</summary>
[GenerateSerializer, Immutable, Alias("Grid.Keys.KeyDestruction")]
public sealed record KeyDestruction
{
    /// <summary>When the destruction completed in custody.</summary>
    [Id(0)]
    public DateTimeOffset DestroyedAt { get; init; }

    /// <summary>Every key version destroyed.</summary>
    [Id(1)]
    public IReadOnlyList<KeyReference> Keys { get; init; } = [];

    /// <summary>Who asked (opaque principal id).</summary>
    [Id(2)]
    public string Principal { get; init; } = string.Empty;
}
