namespace Grid.Calls;

/// <summary>One page of a search, newest first.</summary>
/// <param name="Items">The recordings of this page.</param>
/// <param name="Continuation">Pass it as <see cref="RecordingQuery.Continuation"/> for the next page; null on the last page.</param>
[GenerateSerializer, Immutable, Alias("Grid.Calls.RecordingPage")]
public sealed record RecordingPage(
    [property: Id(0)] IReadOnlyList<RecordingEntry> Items,
    [property: Id(1)] string? Continuation);
