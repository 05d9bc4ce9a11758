using System.Text.Json;
using System.Text.Json.Serialization;
using Grid.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Grid.Api;

/// <summary>Adds the customer API to a web host that can reach the Grid's grains (the silo, or a grain-client host).</summary>
public static class GridApiExtensions
{
    /// <summary>Where the API's description lives (anonymous: it holds no data).</summary>
    public const string OpenApiPath = "/v1/openapi.json";

    /// <summary>The API reference page (anonymous).</summary>
    public const string ReferencePath = "/v1/reference";

    /// <summary>
    /// Registers authentication (JWT bearer: the configured OpenID Connect authority, or the Grid's own token
    /// service), JSON conventions (camelCase, enums as strings, unknown fields refused), the OpenAPI document and the
    /// API's services. Settings: <c>Grid:Api</c> (see <see cref="GridApiOptions"/>).
    /// </summary>
    public static WebApplicationBuilder AddGridApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GridApiOptions>().BindConfiguration(GridApiOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<GridApiOptions>>().Value);
        builder.Services.AddGridSecurityOptions();
        var options = builder.Configuration.GetSection(GridApiOptions.SectionName).Get<GridApiOptions>() ?? new GridApiOptions();
        if (!options.Enabled)
        {
            return builder;
        }

        builder.Services.AddSingleton<ApiCredentials>();
        ApiCredentials.AddScheme(builder.Services.AddAuthentication(), options);
        builder.Services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Recording Grid customer API";
            document.Info.Version = "v1";
            document.Info.Description = "Send 'Authorization: Bearer <token>'. Errors are application/problem+json with a stable 'code'. See docs/api.md.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>The JSON conventions of the API (also for clients and tests).</summary>
    public static void Configure(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }

    /// <summary>Maps <c>/v1</c>: the gate (<see cref="GridApiMiddleware"/>) on every route but the description, then the routes.</summary>
    public static WebApplication MapGridApi(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<GridApiOptions>().Enabled)
        {
            return app;
        }

        app.UseWhen(
            http => http.Request.Path.StartsWithSegments("/v1") && !IsPublic(http.Request.Path),
            branch => branch.UseMiddleware<GridApiMiddleware>());
        app.MapOpenApi(OpenApiPath);
        app.MapGet(ReferencePath, ApiReferencePage.Render).ExcludeFromDescription();
        GridApiEndpoints.Map(app);
        app.MapFallback("/v1/{**path}", (HttpContext http) => ApiProblem.WriteAsync(http, 404, "not-found", "No such API route; see " + ReferencePath + "."))
            .ExcludeFromDescription();
        return app;
    }

    private static bool IsPublic(PathString path) => path == OpenApiPath || path == ReferencePath;
}
