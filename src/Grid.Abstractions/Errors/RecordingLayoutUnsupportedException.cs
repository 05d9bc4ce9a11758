namespace Grid.Errors;

/// <summary>
/// The recording is stored in a storage layout this release does not read: layout v1, part blobs written before the
/// recording log. Its data is kept unchanged; it can still be deleted (retention, termination, erasure) and its
/// summary and metadata read. Not transient: retrying does not help.
/// </summary>
[GenerateSerializer]
public sealed class RecordingLayoutUnsupportedException : GridException
{
    /// <summary>Creates the error with a message that says what was wrong and what to do.</summary>
    /// <param name="message">The message.</param>
    public RecordingLayoutUnsupportedException(string message)
        : base(GridErrorCode.RecordingLayoutUnsupported, message)
    {
    }
}
