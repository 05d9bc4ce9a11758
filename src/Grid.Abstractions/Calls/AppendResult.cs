namespace Grid.Calls;

/// <summary>Acknowledgement of one chunk: it is encrypted and durable.</summary>
/// <param name="Sequence">The chunk's sequence number.</param>
/// <param name="Duplicate">True when the chunk had already been stored (a retry); it was not stored again.</param>
/// <param name="Paused">True when the chunk fell in a pause of the recording: dropped on receipt, stored nowhere.</param>
[GenerateSerializer, Immutable, Alias("Grid.Calls.AppendResult")]
public sealed record AppendResult([property: Id(0)] long Sequence, [property: Id(1)] bool Duplicate, [property: Id(2)] bool Paused = false);
