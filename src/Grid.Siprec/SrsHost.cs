using System.Diagnostics.Metrics;
using Grid.Client;
using Grid.Sip.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Grid.Siprec;

/// <summary>
/// The SRS host: the SIP server as a hosted service (started after the Grid client connects, stopped before it
/// disconnects, so a SIGTERM ends live sessions with a BYE and seals their recordings), and an HTTP side for
/// operators with health and Prometheus metrics (no content: counts, durations, reasons).
/// </summary>
public static class SrsHost
{
    /// <summary>The Grid client, the settings (validated at start), the backend and the server.</summary>
    /// <param name="builder">The web application builder.</param>
    /// <returns>The builder.</returns>
    public static WebApplicationBuilder AddGridSrs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SrsOptions>().BindConfiguration(SrsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SrsRoutingOptions>().BindConfiguration(SrsRoutingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // The Grid connection (section Grid: cluster, membership storage, mutual TLS). No default credential: each
        // route records under its own tenant's recorder credential.
        var routing = builder.Configuration.GetSection(SrsRoutingOptions.SectionName).Get<SrsRoutingOptions>() ?? new SrsRoutingOptions();
        builder.AddGridClient(o =>
        {
            o.Recorder.RetryDeadline = routing.GridRetryDeadline;
            o.Recorder.MaxInFlight = routing.GridMaxInFlight;
        });
        builder.Services.AddSingleton(sp => new SealRetries(sp.GetRequiredService<ILogger<SealRetries>>()));
        builder.Services.AddSingleton(sp => new GridRecordingBackend(
            sp.GetRequiredService<GridRecorder>(),
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<IOptions<SrsRoutingOptions>>(),
            sp.GetRequiredService<ILogger<GridRecordingBackend>>(),
            sealRetries: sp.GetRequiredService<SealRetries>()));
        builder.Services.AddSingleton(sp => new SrsHeartbeats(
            sp.GetRequiredService<GridRecordingBackend>(),
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<IOptions<SrsRoutingOptions>>(),
            sp.GetRequiredService<ILogger<SrsHeartbeats>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SrsHeartbeats>());
        builder.Services.AddSingleton<SrsService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SrsService>());
        builder.Services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy(), tags: ["live"])
            .AddCheck<SrsReadiness>("srs", tags: ["ready"]);
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter("Grid.Sip").AddRuntimeInstrumentation().AddPrometheusExporter());
        return builder;
    }

    /// <summary>Health (<c>/health/live</c>, <c>/health/ready</c>) and metrics (<c>/metrics</c>).</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapGridSrs(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains("live") });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}

/// <summary>Runs the <see cref="SrsServer"/> for the host's lifetime.</summary>
public sealed class SrsService(IOptions<SrsOptions> options, GridRecordingBackend backend, IMeterFactory meters, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private SrsServer? server;

    /// <summary>The running server (null before start).</summary>
    public SrsServer? Server => server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        server = new SrsServer(options.Value, backend, meters, loggers);
        await server.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (server is not null)
        {
            // Graceful: live sessions get a BYE and their recordings are sealed before the Grid client disconnects.
            await server.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}

/// <summary>Ready while the server accepts sessions (not at its limit's refusal, not stopping).</summary>
internal sealed class SrsReadiness(SrsService service) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(service.Server is { IsAccepting: true } server
            ? HealthCheckResult.Healthy($"{server.ActiveSessions} sessions")
            : HealthCheckResult.Unhealthy("not accepting sessions"));
}
