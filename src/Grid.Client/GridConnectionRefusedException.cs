namespace Grid.Client;

/// <summary>
/// The Grid's gateways could not be reached or refused the connection: usually the client certificate is missing,
/// not issued by the Grid's CA, or expired (the TLS handshake fails), or no gateway is listening.
/// </summary>
public sealed class GridConnectionRefusedException(string message, Exception? lastError) : Exception(message, lastError);
