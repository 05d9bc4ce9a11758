using Grid.Calls;
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
public sealed class GridRecorder(IClusterClient client, IOptions<GridClientOptions> options)
{
    /// <summary>
    /// Starts a recording (retrying transient failures) and returns the session that sends its media.
    /// Ids and metadata are checked here first, so malformed input fails before anything is sent.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="callId">An opaque, unique call id (no personal data).</param>
    /// <param name="metadata">The call's personal metadata; encrypted on receipt.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The recording session.</returns>
    public async Task<RecordingSession> StartCallAsync(string tenantId, string callId, CallMetadata metadata, CancellationToken cancellationToken = default)
    {
        var key = GridIds.CallKey(tenantId, callId);
        CallMetadataRules.Validate(metadata);
        var grain = client.GetGrain<ICallGrain>(key);
        var recorder = options.Value.Recorder;
        await Retry.RunAsync(() => grain.StartAsync(metadata), recorder, $"Start of call {callId}", cancellationToken);
        return new RecordingSession(grain, callId, recorder);
    }

    /// <summary>Resumes sending to a recording that was started earlier (e.g. after the frontend restarted).</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="callId">The call id.</param>
    /// <param name="nextSequence">The sequence number <see cref="RecordingSession.SendAsync(ReadOnlyMemory{byte}, CancellationToken)"/> continues from.</param>
    /// <returns>The recording session.</returns>
    public RecordingSession Resume(string tenantId, string callId, long nextSequence) =>
        new(client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId)), callId, options.Value.Recorder, nextSequence);
}
