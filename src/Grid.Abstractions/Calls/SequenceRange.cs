namespace Grid.Calls;

/// <summary>An inclusive range of chunk sequence numbers.</summary>
/// <param name="First">First sequence number in the range.</param>
/// <param name="Last">Last sequence number in the range (inclusive).</param>
[GenerateSerializer, Immutable, Alias("Grid.Calls.SequenceRange")]
public sealed record SequenceRange([property: Id(0)] long First, [property: Id(1)] long Last)
{
    /// <summary>Number of sequence numbers in the range.</summary>
    public long Count => Last - First + 1;
}
