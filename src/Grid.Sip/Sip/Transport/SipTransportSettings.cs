namespace Grid.Sip.Sip.Transport;

/// <summary>What every transport needs to know.</summary>
/// <param name="MaxMessageSize">The largest message accepted (bytes); larger ones are refused.</param>
/// <param name="ServerHeader">The Server header of the responses the transport sends itself (400, 513...), or null.</param>
/// <param name="IdleTimeout">A stream connection with nothing received or sent for this long, and no live session on it, is closed.</param>
/// <param name="HandshakeTimeout">How long a TLS handshake may take.</param>
internal sealed record SipTransportSettings(int MaxMessageSize, string? ServerHeader, TimeSpan IdleTimeout, TimeSpan HandshakeTimeout);
