using Microsoft.AspNetCore.Http;

namespace Grid.Web;

/// <summary>
/// The console's response headers: a strict Content-Security-Policy (no inline script or style, nothing from
/// elsewhere, no framing), no referrer, no sniffing, no caching of pages that hold personal data.
/// </summary>
public static class ConsoleSecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static readonly Lazy<byte[]> Stylesheet = new(() =>
    {
        using var stream = typeof(ConsoleSecurityHeaders).Assembly.GetManifestResourceStream("Grid.Web.console.css")!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static Task ApplyAsync(HttpContext http, Func<Task> next)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
        return next();
    }

    /// <summary>The console's stylesheet (the only one; cacheable, it holds no data).</summary>
    public static async Task StylesheetAsync(HttpContext http)
    {
        http.Response.ContentType = "text/css; charset=utf-8";
        http.Response.Headers.CacheControl = "public, max-age=3600";
        await http.Response.Body.WriteAsync(Stylesheet.Value, http.RequestAborted);
    }
}
