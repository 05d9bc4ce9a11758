namespace Grid.Errors;

/// <summary>The recording was deleted; <see cref="DeletedAt"/> says when.</summary>
[GenerateSerializer]
public sealed class RecordingDeletedException : GridException
{
    /// <summary>Creates the error.</summary>
    /// <param name="deletedAt">When the recording was deleted.</param>
    /// <param name="reason">Why (retention, termination, request).</param>
    public RecordingDeletedException(DateTimeOffset deletedAt, string reason)
        : base(GridErrorCode.RecordingDeleted, $"The recording was deleted at {deletedAt:O} ({reason}); its data and key are gone.")
    {
        DeletedAt = deletedAt;
    }

    /// <summary>When the recording was deleted.</summary>
    [Id(0)]
    public DateTimeOffset DeletedAt { get; private set; }
}
