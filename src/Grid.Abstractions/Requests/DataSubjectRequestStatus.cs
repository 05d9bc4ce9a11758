namespace Grid.Requests;

/// <summary>Where a data-subject request stands.</summary>
public enum DataSubjectRequestStatus
{
    /// <summary>Never opened.</summary>
    None = 0,

    /// <summary>Opened; the statutory deadline runs from now.</summary>
    Received = 1,

    /// <summary>The privacy officer recorded how the person's identity was verified.</summary>
    IdentityVerified = 2,

    /// <summary>Being carried out.</summary>
    InProgress = 3,

    /// <summary>Answered.</summary>
    Completed = 4,

    /// <summary>Refused, with a recorded reason.</summary>
    Refused = 5,
}
