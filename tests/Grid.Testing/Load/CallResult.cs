namespace Grid.Testing.Load;

/// <summary>One call's outcome.</summary>
public sealed record CallResult(string CallId, string SourceSha256, long SentBytes, long AckedChunks, long StoredChunks, TimeSpan MaxAckLatency, Exception? Error);
