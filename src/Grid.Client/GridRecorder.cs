using Grid.Calls;
using Grid.Client.Credentials;
using Microsoft.Extensions.Options;

namespace Grid.Client;

/// <summary>
/// The recorder frontend's entry point: starts recordings. Register it with
/// <c>AddGridClient</c> (see <see cref="GridClientHostExtensions"/>) and take it from dependency injection.
/// </summary>
/// <example>
/// <code>
/// await using var call = await recorder.StartCallAsync("acme", "call-0001", metadata);
/// foreach (var chunk in media) { await call.SendAsync(chunk); }
/// var summary = await call.EndAsync();
/// </code>
/// </example>
public sealed class GridRecorder(IClusterClient client, IOptions<GridClientOptions> options, TimeProvider time)
{
    /// <summary>Initializes a recorder on the system clock.</summary>
    /// <param name="client">The connected Orleans client.</param>
    /// <param name="options">The settings.</param>
    public GridRecorder(IClusterClient client, IOptions<GridClientOptions> options)
        : this(client, options, TimeProvider.System)
    {
    }

    /// <summary>
    /// Starts a recording (retrying transient failures) and returns the session that sends its media.
    /// Ids and metadata are checked here first, so malformed input fails before anything is sent.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="callId">An opaque, unique call id (no personal data).</param>
    /// <param name="metadata">The call's personal metadata; encrypted on receipt.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The recording session.</returns>
    public Task<RecordingSession> StartCallAsync(string tenantId, string callId, CallMetadata metadata, CancellationToken cancellationToken = default) =>
        StartCallAsync(tenantId, callId, metadata, null, cancellationToken);

    /// <summary>
    /// Starts a recording under its own credential rather than the configured one: for a frontend that records for
    /// several tenants (the SIPREC server holds one recorder credential per route). Every call of the session uses
    /// <paramref name="credentials"/>.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="callId">An opaque, unique call id (no personal data).</param>
    /// <param name="metadata">The call's personal metadata; encrypted on receipt.</param>
    /// <param name="credentials">The session's credential (e.g. a <see cref="RecorderCredentialSource"/> of the tenant), or null for the configured one.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The recording session.</returns>
    public async Task<RecordingSession> StartCallAsync(string tenantId, string callId, CallMetadata metadata, IGridCredentialSource? credentials, CancellationToken cancellationToken = default)
    {
        var key = GridIds.CallKey(tenantId, callId);
        CallMetadataRules.Validate(metadata);
        var grain = client.GetGrain<ICallGrain>(key);
        var recorder = options.Value.Recorder;
        var session = new RecordingSession(grain, callId, recorder, 0, credentials, time);
        await session.StartAsync(metadata, cancellationToken);
        return session;
    }

    /// <summary>Resumes sending to a recording that was started earlier (e.g. after the frontend restarted).</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="callId">The call id.</param>
    /// <param name="nextSequence">The sequence number <see cref="RecordingSession.SendAsync(ReadOnlyMemory{byte}, CancellationToken)"/> continues from.</param>
    /// <param name="credentials">The session's own credential, or null for the configured one.</param>
    /// <returns>The recording session.</returns>
    public RecordingSession Resume(string tenantId, string callId, long nextSequence, IGridCredentialSource? credentials = null) =>
        new(client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId)), callId, options.Value.Recorder, nextSequence, credentials, time);
}
