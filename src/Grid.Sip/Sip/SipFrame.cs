namespace Grid.Sip.Sip;

/// <summary>What the framer found at the start of a stream buffer.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Length">The bytes it spans (the message, the keep-alive, or the header section of a refused message).</param>
public readonly record struct SipFrame(SipFrameKind Kind, int Length);
