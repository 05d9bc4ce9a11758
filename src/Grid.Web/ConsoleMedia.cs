using Microsoft.AspNetCore.Http;

namespace Grid.Web;

/// <summary>
/// Streams from the API with the person's credential: the player's source (the browser's <c>Range</c> passed through
/// for seeking; each playback audited by the API) and the export bundles (zip downloads). The API's status, ranges and
/// refusals come back as they are.
/// </summary>
public static class ConsoleMedia
{
    private static readonly string[] Forwarded = ["Content-Type", "Content-Length", "Content-Range", "Accept-Ranges", "Content-Disposition"];

    /// <summary><c>/console/recordings/{callId}/media</c>.</summary>
    public static Task MediaAsync(string callId, HttpContext http, ConsoleApi api) => ProxyAsync(callId, id => $"recordings/{id}/media", http, api);

    /// <summary><c>/console/requests/{requestId}/bundle</c>: a data-subject request's export bundle.</summary>
    public static Task BundleAsync(string requestId, HttpContext http, ConsoleApi api) => ProxyAsync(requestId, id => $"requests/{id}/bundle", http, api);

    /// <summary><c>/console/holds/{holdId}/export</c>: a legal hold case's e-discovery bundle.</summary>
    public static Task CaseExportAsync(string holdId, HttpContext http, ConsoleApi api) => ProxyAsync(holdId, id => $"holds/{id}/export", http, api);

    /// <summary><c>/console/record-of-processing</c>: the tenant's record of processing as a Markdown document.</summary>
    public static Task RecordOfProcessingAsync(HttpContext http, ConsoleApi api) => ProxyAsync("record", _ => "record-of-processing?format=markdown", http, api);

    private static async Task ProxyAsync(string id, Func<string, string> path, HttpContext http, ConsoleApi api)
    {
        if (ConsoleUser.From(http.User) is not { } user || !GridIds.IsValidCallId(id))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var response = await api.SendRawAsync(user, HttpMethod.Get, path(id), request =>
        {
            if (http.Request.Headers.Range is { Count: > 0 } range)
            {
                request.Headers.TryAddWithoutValidation("Range", range.ToString());
            }
        }, http.RequestAborted);
        http.Response.StatusCode = (int)response.StatusCode;
        foreach (var name in Forwarded)
        {
            if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
            {
                http.Response.Headers[name] = values.ToArray();
            }
        }

        http.Response.Headers.CacheControl = "no-store";
        await using var body = await response.Content.ReadAsStreamAsync(http.RequestAborted);
        await body.CopyToAsync(http.Response.Body, http.RequestAborted);
    }
}
