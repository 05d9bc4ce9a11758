namespace Grid.Errors;

/// <summary>The class of cause of a <see cref="NotAuthorizedException"/>.</summary>
public enum NotAuthorizedReason
{
    /// <summary>A refusal inside a grain (for example a recording isolated under a legal hold).</summary>
    Content = 0,

    /// <summary>The call carried no credential, or one that is forged, expired, or for another audience or issuer.</summary>
    Credential = 1,

    /// <summary>The credential belongs to another tenant than the grain's.</summary>
    Tenant = 2,

    /// <summary>The credential lacks every role the method accepts.</summary>
    Role = 3,

    /// <summary>The method may be called only by the Grid's own grains, never from a client.</summary>
    InternalOnly = 4,
}
