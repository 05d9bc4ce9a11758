using System.Threading.RateLimiting;
using Grid.Errors;
using Grid.Security.Calls;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Grid.Api;

/// <summary>
/// The gate of every <c>/v1</c> request but the API description: authenticates the person (401), limits the
/// tenant's request rate (429) and the body size (413), runs the request under the person's Grid credential so each
/// grain call is decided on it, and answers every Grid error as problem+json with its stable code.
/// </summary>
public sealed partial class GridApiMiddleware(RequestDelegate next, ApiCredentials credentials, GridApiOptions options, ILogger<GridApiMiddleware> logger) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(tenant =>
        RateLimitPartition.GetFixedWindowLimiter(tenant, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.RequestsPerMinutePerTenant,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public async Task InvokeAsync(HttpContext http)
    {
        // The auditor credential exchange is the one route without a bearer token: its body is the credential.
        var exchange = http.Request.Path == ProcessorEndpoints.AuditorTokenPath;
        var (caller, failure) = exchange ? (null, null) : await credentials.AuthenticateAsync(http);
        if (caller is null && !exchange)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await ApiProblem.WriteAsync(http, 401, "unauthenticated", failure!);
            return;
        }

        using var lease = limiter.AttemptAcquire(caller?.TenantId ?? "exchange:" + http.Connection.RemoteIpAddress);
        if (!lease.IsAcquired)
        {
            http.Response.Headers.RetryAfter = "60";
            await ApiProblem.WriteAsync(http, 429, "rate-limited", $"The tenant made more than {options.RequestsPerMinutePerTenant} requests in a minute; retry after the time in Retry-After.");
            return;
        }

        if (http.Request.ContentLength > options.MaxRequestBodyBytes)
        {
            // Answer without reading the body, and close the connection rather than drain it.
            http.Response.Headers.Connection = "close";
            await ApiProblem.WriteAsync(http, 413, "body-too-large", $"The request body is larger than {options.MaxRequestBodyBytes} bytes.");
            return;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = options.MaxRequestBodyBytes;
        }

        if (caller is not null)
        {
            http.Features.Set(caller);
        }

        // Without a person (the exchange), a placeholder that verifies as no credential: in a silo, the call must not
        // travel as the silo's own.
        using var scope = GridCallCredential.Use(caller?.GridToken ?? "anonymous");
        try
        {
            await next(http);
        }
        catch (GridException e) when (!http.Response.HasStarted)
        {
            await ApiProblem.WriteAsync(http, e);
        }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted)
        {
            var tooLarge = e.StatusCode == StatusCodes.Status413PayloadTooLarge;
            await ApiProblem.WriteAsync(http, e.StatusCode, tooLarge ? "body-too-large" : "bad-request",
                tooLarge ? $"The request body is larger than {options.MaxRequestBodyBytes} bytes." : BadRequestDetail(e));
        }
        catch (TimeoutException) when (!http.Response.HasStarted)
        {
            await ApiProblem.WriteAsync(http, 503, "grid-unavailable", "The Grid did not answer in time; retry.");
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; the grain calls were cancelled with it.
        }
        catch (Exception e) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            // Never echo an unexpected exception's message (it might carry input); its type and place go to the log.
            LogFailed(logger, http.Request.Path, e.GetType().FullName ?? "?", e.TargetSite?.DeclaringType?.FullName + "." + e.TargetSite?.Name);
            await ApiProblem.WriteAsync(http, 500, "internal-error", "The request failed inside the API; the operators can find it by its traceId.");
        }
        catch (Exception e) when (http.Response.HasStarted && e is GridException or IOException or TimeoutException)
        {
            // The status line is gone: end the response abruptly so the client sees a truncated body, not a short one.
            LogAborted(logger, http.Request.Path, e.GetType().Name);
            http.Abort();
        }
    }

    public void Dispose() => limiter.Dispose();

    /// <summary>What was wrong with the body, without echoing it (it may hold personal data).</summary>
    private static string BadRequestDetail(BadHttpRequestException e) => e.InnerException switch
    {
        System.Text.Json.JsonException json => $"The JSON body is not valid ({json.Path ?? "$"}): malformed, of the wrong shape, or with a field this API does not know.",
        _ => "The request is not valid: " + e.Message,
    };

    [LoggerMessage(EventId = 9102, Level = LogLevel.Error, Message = "API request to {Path} failed: {Exception} at {Site}")]
    private static partial void LogFailed(ILogger logger, PathString path, string exception, string site);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message = "API response to {Path} aborted after it started ({Error})")]
    private static partial void LogAborted(ILogger logger, PathString path, string error);
}
