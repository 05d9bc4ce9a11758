namespace Grid.Hosting;

/// <summary>OpenTelemetry export (configuration section <c>Grid:Telemetry</c>). Prometheus scraping is always on (<c>/metrics</c>).</summary>
public sealed class TelemetryOptions
{
    /// <summary>OTLP collector endpoint for traces and metrics, e.g. <c>http://otel-collector:4317</c>; unset: no OTLP export.</summary>
    public Uri? OtlpEndpoint { get; set; }
}
