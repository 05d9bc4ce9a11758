namespace Grid.Sip.Server;

/// <summary>Why a request is refused: the status, the reason phrase sent, the metric/log cause, and extra headers.</summary>
/// <param name="Status">The status code.</param>
/// <param name="Reason">The reason phrase (what was wrong, for the SRC's operator).</param>
/// <param name="Cause">A short stable cause for metrics and logs (no message content).</param>
/// <param name="Headers">Headers the refusal carries (Accept, Unsupported, Warning, Retry-After).</param>
internal sealed record SrsRefusal(int Status, string Reason, string Cause, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public SrsRefusal(int status, string reason, string cause)
        : this(status, reason, cause, [])
    {
    }
}
