using Grid.Grains.Telemetry;
using Grid.Hosting;
using Grid.Silo.Health;
using Grid.Silo.Operators;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Dashboard;

namespace Grid.Silo;

/// <summary>The silo's HTTP side, for operators: dashboard, metrics, health. Never content.</summary>
public static class GridWebExtensions
{
    public static WebApplicationBuilder AddGridOperatorsView(this WebApplicationBuilder builder, GridSiloOptions options)
    {
        builder.WebHost.UseUrls(options.HttpUrls);
        OperatorsEndpoint.Require(options);
        if (options.HttpsCertificatePath is { } certificatePath)
        {
            var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(certificatePath, options.HttpsKeyPath);
            builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(h => h.ServerCertificate = certificate));
        }

        builder.AddGridOperatorAccess();
        builder.Services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy(), tags: ["live"])
            .AddCheck<StorageHealthCheck>("storage", tags: ["ready"])
            .AddCheck<KeyCustodyHealthCheck>("key-custody", tags: ["ready"])
            .AddCheck<SelfTestHealthCheck>("self-test", tags: ["selftest"]);

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(m =>
            {
                m.AddMeter("Microsoft.Orleans", GridMetrics.MeterName).AddRuntimeInstrumentation().AddAspNetCoreInstrumentation().AddPrometheusExporter();
                if (options.Telemetry.OtlpEndpoint is { } otlp)
                {
                    m.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            })
            .WithTracing(t =>
            {
                // Microsoft.Orleans.Runtime is left out: pings and pulling agents would drown the application's traces.
                t.AddSource("Microsoft.Orleans.Application", "Microsoft.Orleans.Storage").AddAspNetCoreInstrumentation();
                if (options.Telemetry.OtlpEndpoint is { } otlp)
                {
                    t.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            });
        _ = telemetry;
        return builder;
    }

    public static WebApplication MapGridOperatorsView(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains("live") });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapHealthChecks("/health/selftest", new HealthCheckOptions { Predicate = c => c.Tags.Contains("selftest") });
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(OperatorAccessExtensions.Policy);
        app.MapOrleansDashboard("/dashboard").RequireAuthorization(OperatorAccessExtensions.Policy);
        return app;
    }
}
