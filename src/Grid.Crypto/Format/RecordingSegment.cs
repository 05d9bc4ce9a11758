namespace Grid.Crypto.Format;

/// <summary>One decrypted data segment of a recording.</summary>
/// <param name="Sequence">The segment's sequence number.</param>
/// <param name="Data">Its plaintext.</param>
public sealed record RecordingSegment(long Sequence, byte[] Data);
