using Grid.Api;
using Grid.Development;
using Grid.Grains.Calls;
using Grid.Hosting;
using Grid.Keys;
using Grid.Security.Tokens;
using Grid.Tenants;
using Grid.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grid.LoadTest.Scenarios;

/// <summary>
/// One silo hosting the customer API on loopback, over its own Azurite in a temporary folder: what the seek and
/// listener runs measure against (the client, the silo and the storage emulator share this machine).
/// </summary>
internal sealed class ApiSilo : IAsyncDisposable
{
    private readonly string root;
    private readonly AzuriteProcess azurite;
    private readonly WebApplication app;

    private ApiSilo(string root, AzuriteProcess azurite, WebApplication app)
    {
        this.root = root;
        this.azurite = azurite;
        this.app = app;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
    }

    /// <summary>The API's base address.</summary>
    public Uri Address { get; }

    /// <summary>Grains, called in process (with a credential in scope).</summary>
    public IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Issues the test tokens.</summary>
    public GridTokenIssuer Issuer => app.Services.GetRequiredService<GridTokenIssuer>();

    /// <summary>CPU time the storage emulator's process has used so far (measured apart from this process).</summary>
    public TimeSpan AzuriteCpu => System.Diagnostics.Process.GetProcessById(azurite.ProcessId).TotalProcessorTime;

    /// <summary>The silo's recording files (frame counters).</summary>
    public RecordingFiles Files => app.Services.GetRequiredService<RecordingFiles>();

    /// <summary>Starts the silo with the API (and, with <paramref name="console"/>, the web console with development sign-in).</summary>
    public static async Task<ApiSilo> StartAsync(string name, bool console = false)
    {
        var root = Directory.CreateTempSubdirectory("grid-" + name).FullName;
        var emulator = new LocalEmulatorOptions { DataPath = Path.Combine(root, "azurite"), BlobPort = LoopbackPorts.Free(), QueuePort = LoopbackPorts.Free(), TablePort = LoopbackPorts.Free() };
        var azurite = await AzuriteProcess.StartAsync(emulator, NullLogger.Instance);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Configuration.AddInMemoryCollection(LocalGrid.SiloSettings(root, emulator, name + "-" + Guid.NewGuid().ToString("N")[..6], "grid-" + name));
        builder.UseOrleans(silo => silo.AddGridSilo());
        builder.AddGridApi();
        if (console)
        {
            builder.Configuration["Grid:Web:DevelopmentSignIn"] = "true";
            builder.AddGridWeb();
        }

        var app = builder.Build();
        app.MapGridApi();
        if (console)
        {
            app.MapGridWeb();
        }

        await app.StartAsync();
        return new ApiSilo(root, azurite, app);
    }

    /// <summary>Provisions a tenant (software key custody, EU residency).</summary>
    public async Task<string> ProvisionAsync(string prefix, string displayName)
    {
        var tenantId = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        await Grains.GetGrain<ITenantGrain>(tenantId).ProvisionAsync(new TenantSettings { DisplayName = displayName, ResidencyRegion = "eu-west", RetentionDays = 365, KeyCustody = KeyCustodyKind.Software });
        return tenantId;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await azurite.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }
}
