namespace Grid.Calls;

/// <summary>Life-cycle state of a recording.</summary>
public enum CallStatus
{
    /// <summary>Never started.</summary>
    None = 0,

    /// <summary>Started; accepting media.</summary>
    Recording = 1,

    /// <summary>Ended and sealed; playable, immutable.</summary>
    Sealed = 2,

    /// <summary>Deleted: media, metadata and wrapped key are gone; only this tombstone remains.</summary>
    Deleted = 3,
}
