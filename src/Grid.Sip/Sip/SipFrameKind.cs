namespace Grid.Sip.Sip;

/// <summary>Kinds of <see cref="SipFrame"/>.</summary>
public enum SipFrameKind
{
    /// <summary>Not a whole message yet.</summary>
    NeedMore,

    /// <summary>A whole message of <see cref="SipFrame.Length"/> bytes.</summary>
    Message,

    /// <summary>CR/LF bytes to skip.</summary>
    KeepAlive,

    /// <summary>A header section without Content-Length: answer 400 and close.</summary>
    MissingContentLength,

    /// <summary>A malformed or repeated Content-Length: answer 400 and close.</summary>
    BadContentLength,

    /// <summary>Larger than the bound: answer 513 when possible and close.</summary>
    TooLarge,
}
