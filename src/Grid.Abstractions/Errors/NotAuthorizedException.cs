namespace Grid.Errors;

/// <summary>
/// The caller may not do this (<see cref="GridErrorCode.NotAuthorized"/>); <see cref="Reason"/> says which class of
/// cause (credential, tenant, role, internal-only, content). Nothing was changed.
/// </summary>
[GenerateSerializer]
public sealed class NotAuthorizedException : GridException
{
    /// <summary>A refusal inside a grain (<see cref="NotAuthorizedReason.Content"/>).</summary>
    /// <param name="message">What was refused and what to do.</param>
    public NotAuthorizedException(string message)
        : this(NotAuthorizedReason.Content, message)
    {
    }

    /// <summary>A refusal of the given class.</summary>
    /// <param name="reason">The class of cause.</param>
    /// <param name="message">What was refused and what to do.</param>
    public NotAuthorizedException(NotAuthorizedReason reason, string message)
        : base(GridErrorCode.NotAuthorized, message)
    {
        Reason = reason;
    }

    /// <summary>A refusal inside a grain caused by <paramref name="innerException"/>.</summary>
    /// <param name="message">What was refused and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public NotAuthorizedException(string message, Exception? innerException)
        : base(GridErrorCode.NotAuthorized, message, innerException)
    {
    }

    /// <summary>The class of cause.</summary>
    [Id(0)]
    public NotAuthorizedReason Reason { get; private set; }
}
