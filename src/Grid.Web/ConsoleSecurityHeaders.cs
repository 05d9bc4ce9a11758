using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Grid.Web;

/// <summary>
/// The console's response headers: a strict Content-Security-Policy (no inline script or style, nothing from
/// elsewhere, no framing), no referrer, no sniffing, no caching of pages that hold personal data.
/// </summary>
public static class ConsoleSecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>
    /// The policy for <paramref name="options"/>: with OpenID Connect, the sign-in form's redirect goes to the
    /// authority, which <c>form-action</c> must name (browsers check a form's redirects against it).
    /// </summary>
    public static string PolicyFor(GridWebOptions options) =>
        options.UsesOidc && Uri.TryCreate(options.OidcAuthority, UriKind.Absolute, out var authority)
            ? ContentSecurityPolicy.Replace("form-action 'self'", $"form-action 'self' {authority.GetLeftPart(UriPartial.Authority)}", StringComparison.Ordinal)
            : ContentSecurityPolicy;

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
        headers.ContentSecurityPolicy = PolicyFor(http.RequestServices.GetRequiredService<GridWebOptions>());
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
