namespace Grid.Crypto.Format;

/// <summary>
/// Why a recording failed to parse or authenticate: the reason names of docs/recording-format.md ("Reasons"), where
/// each is defined and has a negative test vector. A reader reports the first check that fails, in the spec's order.
/// </summary>
public enum RecordingFormatError
{
    /// <summary>
    /// The header does not parse: bad magic, unknown version, the file ends inside the header, a length runs past
    /// its section or leaves bytes over, a tenant or call id outside the Grid's id rules, a key id that is not UTF-8,
    /// or a custody/algorithm pair the format does not define.
    /// </summary>
    BadHeader = 1,

    /// <summary>The data key does not match the header's key commitment (wrong key, or header swapped).</summary>
    KeyCommitmentMismatch = 2,

    /// <summary>A frame failed AES-GCM authentication (flipped byte, moved or edited frame, wrong AD).</summary>
    SegmentAuthenticationFailed = 3,

    /// <summary>A data frame's counter is not greater than the previous data frame's (reordered or duplicated).</summary>
    SegmentOrder = 4,

    /// <summary>The file ends before the final frame ends (between frames or inside one), but after the header.</summary>
    Truncated = 5,

    /// <summary>
    /// The final frame does not describe the data frames read: its counter is not the last data counter + 1 (0 when
    /// none), or its segment count, media bytes or ranges differ (a frame was dropped or added).
    /// </summary>
    SegmentSetMismatch = 6,

    /// <summary>Bytes follow the final frame.</summary>
    TrailingData = 7,

    /// <summary>
    /// A frame is malformed: type other than data or final, counter of 2^56 or more, length below 16 or above
    /// 16 MiB + 16, or a final frame whose plaintext is not a well-formed list.
    /// </summary>
    BadFrame = 8,

    /// <summary>
    /// Version 2: the key envelope's MAC does not verify (an edit the unwrap does not notice: key id, key version, the
    /// MAC itself, or another wrap of the same data key). Edits that break the unwrap fail there first.
    /// </summary>
    EnvelopeMismatch = 9,

    /// <summary>
    /// The wrapped data key does not unwrap under the key the envelope names (its authentication fails, the key cannot
    /// perform the envelope's algorithm) or unwraps to anything but 32 bytes.
    /// </summary>
    UnwrapFailed = 10,
}
