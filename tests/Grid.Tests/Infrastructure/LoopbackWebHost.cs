using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grid.Tests.Infrastructure;

/// <summary>A small real HTTP server on a free loopback port (a test's OIDC authority, a webhook receiver).</summary>
public sealed class LoopbackWebHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private LoopbackWebHost(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        Base = baseAddress;
    }

    /// <summary>The server's address, ending in '/'.</summary>
    public Uri Base { get; }

    /// <summary>Starts a server whose routes <paramref name="map"/> adds.</summary>
    public static async Task<LoopbackWebHost> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackWebHost(app, new Uri(address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
