using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Grid.Api;
using Grid.Tests.Infrastructure;
using Grid.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grid.Tests.Api;

/// <summary>
/// The customer API as a separate grain-client host (Kestrel on a free loopback port), calling the fixture's cluster
/// through its TLS client under each person's credential: real HTTP, real grains, real storage.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    private readonly WebApplication app;

    private ApiHost(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        Base = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Base { get; }

    public HttpClient Http { get; }

    public static async Task<ApiHost> StartAsync(GridFixture grid, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool console = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ApplicationName = "Grid.Api" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // The console's key ring lives in the Grid's storage account under a key of its custody.
            ["Grid:Storage:ConnectionString"] = grid.ConnectionString,
            ["Grid:Keys:RootPath"] = grid.KeyPath,
            ["Grid:Security:TokenSigningKeyPath"] = grid.Security.TokenSigningKeyPath,
            ["Grid:Security:ClusterKeyPath"] = grid.Security.ClusterKeyPath,
            ["Grid:Security:Tls:DevelopmentFolder"] = grid.Security.Tls.DevelopmentFolder,
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(TestLogSink.Instance);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton<IGrainFactory>(grid.Client);
        services?.Invoke(builder.Services);
        builder.AddGridApi();
        if (console)
        {
            builder.AddGridWeb();
        }

        var app = builder.Build();
        app.MapGridApi();
        if (console)
        {
            app.MapGridWeb();
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ApiHost(app, new Uri(address + "/"));
    }

    /// <summary>A request with <paramref name="token"/> as bearer (none when null).</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = Request(method, path, token, body);
        return await Http.SendAsync(request);
    }

    /// <summary>The roles the grain methods behind a route accept (from the endpoint's <see cref="GridOperation"/>).</summary>
    public IReadOnlyList<string> RolesOf(string method, string pattern) =>
        app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<GridOperation>() is not null)
            .SingleOrDefault(e => e.RoutePattern.RawText?.TrimEnd('/') == pattern
                && (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Contains(method) ?? false))
            ?.Metadata.GetMetadata<GridOperation>()!.Roles
            ?? throw new InvalidOperationException($"No route {method} {pattern}; routes: " + string.Join(", ", app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints.OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>().Select(e => e.RoutePattern.RawText)));

    /// <summary>How many API routes call grains (each must be in the HTTP authorization matrix).</summary>
    public int RouteCount => app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints.Count(e => e.Metadata.GetMetadata<GridOperation>() is not null);

    /// <summary>The stable code of a problem+json answer.</summary>
    public static async Task<string> CodeOfAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("code").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        GridApiExtensions.Configure(json);
        return json;
    }
}
