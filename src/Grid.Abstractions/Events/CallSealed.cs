namespace Grid.Events;

/// <summary>A recording was ended and sealed. Type <c>call.sealed</c>.</summary>
/// <param name="CallId">The call.</param>
/// <param name="ChunkCount">Chunks stored.</param>
/// <param name="MediaBytes">Media bytes stored.</param>
[GenerateSerializer, Immutable, Alias("Grid.Events.CallSealed")]
public sealed record CallSealed([property: Id(0)] string CallId, [property: Id(1)] long ChunkCount, [property: Id(2)] long MediaBytes) : TenantEvent
{
    /// <inheritdoc/>
    public override string Type => "call.sealed";
}
