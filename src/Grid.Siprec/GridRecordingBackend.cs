using System.Collections.Concurrent;
using Grid.Client;
using Grid.Client.Credentials;
using Grid.Errors;
using Grid.Sip.Recording;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Siprec;

/// <summary>
/// The SRS's side of the Grid: routing by configuration, and one Grid call per recording session through the recorder
/// SDK, under the route's recorder credential (exchanged for short-lived tokens and renewed by the SDK).
/// </summary>
public sealed partial class GridRecordingBackend : IRecordingBackend
{
    private readonly GridRecorder recorder;
    private readonly IGrainFactory grains;
    private readonly SrsRoutingOptions routing;
    private readonly ILogger<GridRecordingBackend> logger;
    private readonly Func<SrsRoute, IGridCredentialSource> credentialFactory;
    private readonly ConcurrentDictionary<string, IGridCredentialSource> credentials = new(StringComparer.Ordinal);

    /// <summary>The backend over a connected Grid client.</summary>
    /// <param name="recorder">The SDK's recorder.</param>
    /// <param name="grains">The Grid client's grain factory (recorder credentials are exchanged through it).</param>
    /// <param name="routing">The routes.</param>
    /// <param name="logger">The log.</param>
    /// <param name="credentialFactory">Where a route's credential comes from (default: its recorder credential); tests sign their own.</param>
    /// <param name="sealRetries">Where seals that failed during a Grid outage are retried (null: not retried).</param>
    public GridRecordingBackend(GridRecorder recorder, IGrainFactory grains, IOptions<SrsRoutingOptions> routing, ILogger<GridRecordingBackend> logger, Func<SrsRoute, IGridCredentialSource>? credentialFactory = null, SealRetries? sealRetries = null)
    {
        this.sealRetries = sealRetries;
        this.recorder = recorder;
        this.grains = grains;
        this.routing = routing.Value;
        this.logger = logger;
        this.credentialFactory = credentialFactory ?? (route => new RecorderCredentialSource(this.grains, route.ClientId, route.Secret));
    }

    /// <summary>The credential of a route (created once, shared by its sessions and its heartbeats).</summary>
    /// <param name="route">The route.</param>
    /// <returns>Its credential source.</returns>
    public IGridCredentialSource CredentialOf(SrsRoute route) => credentials.GetOrAdd(route.Name, _ => credentialFactory(route));

    /// <summary>Sessions started and not yet ended (for health and tests).</summary>
    public int OpenRecordings => openRecordings;

    private int openRecordings;
    private readonly SealRetries? sealRetries;

    public ValueTask<RecordingRoute?> RouteAsync(SessionOrigin origin, CancellationToken cancellationToken)
    {
        var route = routing.Find(origin.Source.Address, origin.RequestUser, origin.ToUser);
        if (route is null)
        {
            // The source is logged (it is a network address, not content); the users are not.
            Unrouted(logger, origin.Source.Address.ToString(), origin.Transport);
            return ValueTask.FromResult<RecordingRoute?>(null);
        }

        return ValueTask.FromResult<RecordingRoute?>(new RecordingRoute(route.TenantId, route.Name));
    }

    public async Task<IRecordingSink> StartAsync(RecordingRoute route, RecordingStart start, CancellationToken cancellationToken)
    {
        var rule = routing.Routes.First(r => r.Name == route.CredentialName);
        var credential = CredentialOf(rule);
        var metadata = SiprecCallMetadata.From(start, rule.Name);
        try
        {
            var session = await recorder.StartCallAsync(route.TenantId, start.CallId, metadata, credential, cancellationToken);
            Interlocked.Increment(ref openRecordings);
            Started(logger, route.TenantId, start.CallId, rule.Name, start.Format.MediaType);
            return new GridRecordingSink(session, start, metadata, rule.Name, logger, () => Interlocked.Decrement(ref openRecordings), sealRetries);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The SRC is told to try again later (503 with Retry-After); the reason is logged here, typed.
            StartFailed(logger, route.TenantId, start.CallId, rule.Name, e.GetType().Name, e is GridException g ? g.Code.ToString() : "-");
            throw new RecordingUnavailableException($"The Grid did not take the recording ({e.GetType().Name}).", TimeSpan.FromSeconds(30), e);
        }
    }

    [LoggerMessage(EventId = 12900, Level = LogLevel.Warning, Message = "SIPREC session from {Source} over {Transport} matches no route: refused, nothing recorded")]
    private static partial void Unrouted(ILogger logger, string source, string transport);

    [LoggerMessage(EventId = 12901, Level = LogLevel.Information, Message = "Recording {TenantId}/{CallId} started (route {Route}, {MediaType})")]
    private static partial void Started(ILogger logger, string tenantId, string callId, string route, string mediaType);

    [LoggerMessage(EventId = 12902, Level = LogLevel.Error, Message = "Recording {TenantId}/{CallId} (route {Route}) could not start: {Error} {Code}; the SRC gets 503")]
    private static partial void StartFailed(ILogger logger, string tenantId, string callId, string route, string error, string code);
}
