using System.Net;

namespace Grid.Sip.Recording;

/// <summary>
/// Where the session recording server hands its recordings: the host implements it with the Grid's recorder SDK
/// (one Grid call per recording session). The SIP and media code never sees Orleans.
/// </summary>
public interface IRecordingBackend
{
    /// <summary>
    /// Decides which tenant (and recorder credential) a new recording session belongs to, from where it came and
    /// whom it addresses. Null refuses the session (the server answers 403 and records nothing).
    /// </summary>
    ValueTask<RecordingRoute?> RouteAsync(SessionOrigin origin, CancellationToken cancellationToken);

    /// <summary>
    /// Starts the Grid recording of an answered session. Throws <see cref="RecordingUnavailableException"/> when the
    /// Grid cannot take it now (the server answers 503 with Retry-After).
    /// </summary>
    Task<IRecordingSink> StartAsync(RecordingRoute route, RecordingStart start, CancellationToken cancellationToken);
}

/// <summary>Where a session came from and whom it addresses (what routing decides on).</summary>
/// <param name="Source">The SRC's address (UDP source, or TCP/TLS peer).</param>
/// <param name="Transport">"udp", "tcp" or "tls".</param>
/// <param name="RequestUser">The user part of the INVITE's request-URI (may be empty).</param>
/// <param name="ToUser">The user part of the To header's URI (may be empty).</param>
public sealed record SessionOrigin(IPEndPoint Source, string Transport, string RequestUser, string ToUser);

/// <summary>The tenant and recorder credential a session is recorded under, as routing decided.</summary>
/// <param name="TenantId">The Grid tenant.</param>
/// <param name="CredentialName">The name of the routing rule / recorder credential used (for logs and metrics).</param>
public sealed record RecordingRoute(string TenantId, string CredentialName);

/// <summary>The Grid cannot take a recording now; the SRC is told to retry later (503 with Retry-After).</summary>
public sealed class RecordingUnavailableException(string message, TimeSpan retryAfter, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>What the Retry-After header says.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
