namespace Grid.Storage;

/// <summary>
/// How recordings are named in Blob storage (storage layout v2, the only one this release reads). Container
/// <c>rec-{tenantId}</c> per tenant: the log's segments <c>log/{lane}/{n:D6}</c> (see <c>Log/RecordingLog</c>), and
/// under <c>calls/{callId}/</c> the recording's manifest and, for a copy restored from the replica (and in the
/// replica), the whole RGRD file <c>recording</c>. Recordings stored before the log as part blobs
/// <c>calls/{callId}/part-{n}</c> (layout v1) are no longer read; they are recognised by their grain state and
/// refused with <see cref="Grid.Errors.RecordingLayoutUnsupportedException"/>, and deleted like any other.
/// </summary>
public static class RecordingLayout
{
    public static string ContainerName(string tenantId) => $"rec-{tenantId}";

    /// <summary>Every blob of a recording (in either account) is named under this prefix.</summary>
    public static string CallPrefix(string callId) => $"calls/{callId}/";

    /// <summary>A whole RGRD file of a log recording: its replica copy, and a restored recording in the primary.</summary>
    public static string RecordingBlobName(string callId) => $"calls/{callId}/recording";

    /// <summary>
    /// The frame index of a recording kept as one RGRD file (a WORM tenant's write-once copy): a manifest whose extents
    /// point into <see cref="RecordingBlobName"/>, so a seek reads only its frames. A cache: without it (or when it is
    /// not the sealed trailer's), a read goes from the file's start.
    /// </summary>
    public static string IndexBlobName(string callId) => $"calls/{callId}/index";
}
