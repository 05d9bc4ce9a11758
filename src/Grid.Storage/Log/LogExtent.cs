namespace Grid.Storage.Log;

/// <summary>
/// Where one encrypted frame of a recording lies in the tenant's log: the segment blob (a name under the tenant's
/// container), the byte offset of the frame in it and the frame's length. The content tag (the frame's AES-GCM tag,
/// truncated) lets a reactivated call tell an exact retry from a conflicting one.
/// </summary>
public readonly record struct LogExtent(long Sequence, string Segment, long Offset, int Length, byte[] Tag)
{
    /// <summary>Length of the content tag kept per frame.</summary>
    public const int TagLength = 12;
}
