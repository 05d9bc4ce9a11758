namespace Grid.Storage.Log;

/// <summary>One encrypted frame of a call waiting for the group commit.</summary>
public sealed record LogRecord(string CallId, long Sequence, byte[] Tag, byte[] Frame);
