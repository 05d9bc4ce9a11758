namespace Grid.Client;

/// <summary>A durable acknowledgement of one chunk, as the recorder saw it.</summary>
/// <param name="Sequence">The chunk's sequence number.</param>
/// <param name="Latency">From the first send attempt to the acknowledgement, retries included.</param>
/// <param name="Attempts">Attempts it took (1 when nothing failed).</param>
/// <param name="Duplicate">True when the Grid already had it (an earlier attempt had landed).</param>
public sealed record ChunkAcknowledgement(long Sequence, TimeSpan Latency, int Attempts, bool Duplicate);
