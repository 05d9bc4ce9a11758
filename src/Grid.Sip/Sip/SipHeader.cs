namespace Grid.Sip.Sip;

/// <summary>One header field as it appears on the wire (after unfolding): its canonical name and its value.</summary>
/// <param name="Name">The canonical long name (compact forms are expanded when the header is added).</param>
/// <param name="Value">The value with surrounding whitespace removed.</param>
public readonly record struct SipHeader(string Name, string Value);
