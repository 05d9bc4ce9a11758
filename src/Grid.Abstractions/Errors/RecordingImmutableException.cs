namespace Grid.Errors;

/// <summary>
/// The recording is in write-once storage (the tenant's WORM mode) until its retention end: deleting, redacting or
/// rewriting it before then is refused, by the Grid before it tries and by the storage service if anything tried.
/// Nothing changed. Not transient until the date the message names.
/// </summary>
[GenerateSerializer]
public sealed class RecordingImmutableException : GridException
{
    /// <summary>Creates the error with a message that says until when and what can be done instead.</summary>
    /// <param name="message">The message.</param>
    public RecordingImmutableException(string message)
        : base(GridErrorCode.RecordingImmutable, message)
    {
    }
}
