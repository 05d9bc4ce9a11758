using Grid.Development;
using Grid.Client;
using Grid.Client.Credentials;
using Grid.Hosting;
using Grid.Keys;
using Grid.Security;
using Grid.Security.Tokens;
using Grid.Tenants;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grid.LoadTest;

/// <summary>
/// A self-contained grid for the load test: Azurite on free loopback ports, one silo in this process (the unit being
/// sized: "how many calls per node"), and a recorder client connected through the silo's gateway like a real
/// frontend. Everything shares this machine's cores; the report says so.
/// </summary>
public sealed class LocalGrid : IAsyncDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "grid-load-" + Guid.NewGuid().ToString("N")[..8]);
    private AzuriteProcess? azurite;
    private IHost? silo;
    private IHost? client;

    public LocalEmulatorOptions Emulator { get; private set; } = null!;

    public IClusterClient Cluster => client!.Services.GetRequiredService<IClusterClient>();

    public GridRecorder Recorder => client!.Services.GetRequiredService<GridRecorder>();

    public GridPlayback Playback => client!.Services.GetRequiredService<GridPlayback>();

    public IServiceProvider SiloServices => silo!.Services;

    public string ClusterId { get; private set; } = string.Empty;

    public const string ServiceId = "grid-load";

    /// <summary>The folder of the grid's trust-boundary files (TLS certificates, token signing key).</summary>
    public string SecurityFolder => root;

    public bool Secure { get; private set; }

    /// <summary>Log lanes per tenant on the silo (parallel appenders).</summary>
    public int LogLanes { get; private set; }

    /// <summary>The emulator's process id (its CPU is measured apart).</summary>
    public int AzuritePid => azurite!.ProcessId;

    /// <summary>The tenant the load runs under (provisioned by <see cref="ProvisionTenantAsync"/>).</summary>
    public string TenantId { get; } = "load-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>
    /// Starts the grid; <paramref name="secure"/> false leaves the trust boundary out (no TLS, no credential checks):
    /// the same-run baseline of its cost, never a configuration of the Grid.
    /// </summary>
    public static async Task<LocalGrid> StartAsync(bool secure = true, Action<IDictionary<string, string?>>? configure = null)
    {
        var grid = new LocalGrid();
        grid.Emulator = new LocalEmulatorOptions
        {
            DataPath = Path.Combine(grid.root, "azurite"),
            BlobPort = LoopbackPorts.Free(),
            QueuePort = LoopbackPorts.Free(),
            TablePort = LoopbackPorts.Free(),
        };
        grid.azurite = await AzuriteProcess.StartAsync(grid.Emulator, NullLogger.Instance);
        var clusterId = "load-" + Guid.NewGuid().ToString("N")[..6];
        grid.ClusterId = clusterId;
        grid.Secure = secure;
        var settings = SiloSettings(grid.root, grid.Emulator, clusterId, ServiceId);
        settings["Grid:Security:Tls:Enabled"] = secure ? "true" : "false";
        configure?.Invoke(settings);
        var siloBuilder = Host.CreateApplicationBuilder();
        siloBuilder.Configuration.AddInMemoryCollection(settings);
        var options = siloBuilder.Configuration.ReadGridOptions();
        grid.LogLanes = options.Storage.Log.Lanes;
        siloBuilder.Logging.SetMinimumLevel(LogLevel.Error);
        siloBuilder.UseOrleans(s => s.AddGridSilo(trustBoundary: secure));
        grid.silo = siloBuilder.Build();
        await grid.silo.StartAsync();

        var clientBuilder = Host.CreateApplicationBuilder();
        clientBuilder.Logging.SetMinimumLevel(LogLevel.Error);
        clientBuilder.AddGridClient(o =>
        {
            o.ClusterId = clusterId;
            o.ServiceId = "grid-load";
            o.StorageConnectionString = grid.Emulator.ConnectionString;
            o.Recorder.MaxInFlight = 8;
            o.Tls.Enabled = secure;
            o.Tls.DevelopmentFolder = options.Security.Tls.DevelopmentFolder;
        });

        // The generator records and verifies: a recorder-and-analyst credential of the load tenant, signed locally.
        var issuer = grid.silo.Services.GetRequiredService<GridTokenIssuer>();
        clientBuilder.Services.AddSingleton<IGridCredentialSource>(new SigningTokenSource(issuer, grid.TenantId, "loadtest", [GridRoles.Recorder, GridRoles.Analyst]));
        grid.client = clientBuilder.Build();
        await grid.client.StartAsync();
        return grid;
    }

    /// <summary>
    /// The settings of a load-test silo (configuration keys): free loopback ports, the emulator's storage, keys,
    /// signing key and trust boundary files under <paramref name="root"/>, no canary.
    /// </summary>
    public static Dictionary<string, string?> SiloSettings(string root, LocalEmulatorOptions emulator, string clusterId, string serviceId)
    {
        var security = GridSecurityOptions.InFolder(root);
        return new Dictionary<string, string?>
        {
            ["Grid:ClusterId"] = clusterId,
            ["Grid:ServiceId"] = serviceId,
            ["Grid:SiloPort"] = LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Grid:GatewayPort"] = LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Grid:EventQueuePrefix"] = "ev-" + clusterId,
            ["Grid:Storage:ConnectionString"] = emulator.ConnectionString,
            ["Grid:Keys:RootPath"] = Path.Combine(root, "keys"),
            ["Grid:Signing:KeyPath"] = Path.Combine(root, "signing.pem"),
            ["Grid:Canary:Enabled"] = "false",
            ["Grid:Security:TokenSigningKeyPath"] = security.TokenSigningKeyPath,
            ["Grid:Security:ClusterKeyPath"] = security.ClusterKeyPath,
            ["Grid:Security:Tls:DevelopmentFolder"] = security.Tls.DevelopmentFolder,
        };
    }

    public async Task<string> ProvisionTenantAsync()
    {
        // Provisioning is the processor's (operator) job: done here from inside the silo.
        var tenantId = TenantId;
        await silo!.Services.GetRequiredService<IGrainFactory>().GetGrain<ITenantGrain>(tenantId).ProvisionAsync(new TenantSettings
        {
            DisplayName = "Load test",
            ResidencyRegion = "eu-west",
            RetentionDays = 1,
            KeyCustody = KeyCustodyKind.Software,
        });
        return tenantId;
    }

    public async ValueTask DisposeAsync()
    {
        if (client is not null)
        {
            await client.StopAsync();
            client.Dispose();
        }

        if (silo is not null)
        {
            await silo.StopAsync();
            silo.Dispose();
        }

        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
