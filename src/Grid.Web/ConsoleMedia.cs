using Microsoft.AspNetCore.Http;

namespace Grid.Web;

/// <summary>
/// The player's source: the API's media route with the person's credential, passing the browser's <c>Range</c>
/// through (seeking) and the API's status, ranges and refusals back. Each playback is audited by the API.
/// </summary>
public static class ConsoleMedia
{
    private static readonly string[] Forwarded = ["Content-Type", "Content-Length", "Content-Range", "Accept-Ranges"];

    public static async Task ProxyAsync(string callId, HttpContext http, ConsoleApi api)
    {
        if (ConsoleUser.From(http.User) is not { } user || !GridIds.IsValidCallId(callId))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var response = await api.SendRawAsync(user, HttpMethod.Get, $"recordings/{callId}/media", request =>
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
