using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Grid.Api;

/// <summary>The API reference page: every route with its summary and the roles the Grid accepts for it.</summary>
internal static class ApiReferencePage
{
    public static IResult Render(EndpointDataSource endpoints)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Recording Grid API v1</title>")
            .Append("<style>body{font-family:sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse}td,th{border:1px solid #888;padding:.3rem .6rem;text-align:left;vertical-align:top}code{white-space:nowrap}</style></head><body>")
            .Append("<h1>Recording Grid customer API, v1</h1>")
            .Append("<p>Send <code>Authorization: Bearer &lt;token&gt;</code>. Errors are <code>application/problem+json</code> with a stable <code>code</code>. ")
            .Append("The machine-readable description is <a href=\"").Append(GridApiExtensions.OpenApiPath).Append("\">").Append(GridApiExtensions.OpenApiPath).Append("</a>.</p>")
            .Append("<table><thead><tr><th scope=\"col\">method</th><th scope=\"col\">route</th><th scope=\"col\">what</th><th scope=\"col\">roles</th></tr></thead><tbody>");
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>().Where(e => e.Metadata.GetMetadata<GridOperation>() is not null)
                     .OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal))
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            var summary = endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary ?? string.Empty;
            var roles = endpoint.Metadata.GetMetadata<GridOperation>()!.Roles;
            html.Append("<tr><td>").Append(string.Join(", ", methods)).Append("</td><td><code>")
                .Append(WebUtility.HtmlEncode(endpoint.RoutePattern.RawText)).Append("</code></td><td>")
                .Append(WebUtility.HtmlEncode(summary)).Append("</td><td>").Append(WebUtility.HtmlEncode(string.Join(", ", roles))).Append("</td></tr>");
        }

        html.Append("</tbody></table></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }
}
