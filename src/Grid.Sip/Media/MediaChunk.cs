namespace Grid.Sip.Media;

/// <summary>Interleaved media of one recording, from <see cref="Offset"/> (session media time) for <see cref="Duration"/>.</summary>
public sealed record MediaChunk(TimeSpan Offset, TimeSpan Duration, ReadOnlyMemory<byte> Data);

/// <summary>Media that should have been there and was not, on one channel, in session media time.</summary>
/// <param name="Channel">The channel index.</param>
/// <param name="From">Start of the gap.</param>
/// <param name="To">End of the gap (exclusive).</param>
/// <param name="Cause">"loss" (sequence numbers missing), "silence-timeout" (the stream stopped without comfort noise), "late" (arrived after its window).</param>
public sealed record MediaGap(int Channel, TimeSpan From, TimeSpan To, string Cause);
