namespace Grid.Retention;

/// <summary>What one retention sweep did.</summary>
/// <param name="Deleted">Recordings deleted.</param>
/// <param name="Held">Recordings due but kept under a legal hold.</param>
/// <param name="SegmentsRemoved">Log segments physically deleted because no live recording needs them any more.</param>
/// <param name="SegmentsCompacted">Log segments whose live frames were copied out (deleted after the compaction grace).</param>
[GenerateSerializer, Immutable, Alias("Grid.Retention.SweepReport")]
public sealed record SweepReport([property: Id(0)] int Deleted, [property: Id(1)] int Held, [property: Id(2)] int SegmentsRemoved = 0, [property: Id(3)] int SegmentsCompacted = 0);
