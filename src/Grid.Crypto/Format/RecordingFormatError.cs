namespace Grid.Crypto.Format;

/// <summary>Why a recording failed to parse or authenticate.</summary>
public enum RecordingFormatError
{
    /// <summary>The header is malformed or of an unknown version.</summary>
    BadHeader = 1,

    /// <summary>The key does not match the header's key commitment (wrong key, or header swapped).</summary>
    KeyCommitmentMismatch = 2,

    /// <summary>A segment failed authentication (flipped byte, moved or reordered segment, wrong key).</summary>
    SegmentAuthenticationFailed = 3,

    /// <summary>Segments are out of order or duplicated.</summary>
    SegmentOrder = 4,

    /// <summary>The recording ended without its final segment (truncated).</summary>
    Truncated = 5,

    /// <summary>The final segment does not describe the segments read (a segment was dropped or added).</summary>
    SegmentSetMismatch = 6,

    /// <summary>Bytes follow the final segment.</summary>
    TrailingData = 7,

    /// <summary>A frame is malformed (bad type or length).</summary>
    BadFrame = 8,

    /// <summary>Version 2: the key envelope (custody, key id, version, algorithm, wrapped key) was altered.</summary>
    EnvelopeMismatch = 9,
}
