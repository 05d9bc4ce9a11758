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
    private readonly List<IHost> silos = [];
    private IHost? silo;
    private IHost? client;

    public LocalEmulatorOptions Emulator { get; private set; } = null!;

    public IClusterClient Cluster => client!.Services.GetRequiredService<IClusterClient>();

    public GridRecorder Recorder => client!.Services.GetRequiredService<GridRecorder>();

    public GridPlayback Playback => client!.Services.GetRequiredService<GridPlayback>();

    public IServiceProvider SiloServices => silo!.Services;

    public string ClusterId { get; private set; } = string.Empty;

    /// <summary>Silos in this process.</summary>
    public int SiloCount => silos.Count;

    /// <summary>Activations of the call grain on each silo now (from Orleans' management grain), by silo address.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CallActivationsBySiloAsync()
    {
        var management = SiloServices.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var statistics = await management.GetSimpleGrainStatistics();
        return statistics
            .Where(s => s.GrainType.Contains("CallGrain", StringComparison.Ordinal))
            .GroupBy(s => s.SiloAddress.ToString())
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount), StringComparer.Ordinal);
    }

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
    /// <param name="secure">The trust boundary on (false only for the same-run baseline of its cost).</param>
    /// <param name="configure">Changes to the silos' settings.</param>
    /// <param name="siloCount">
    /// Silos in the cluster, all in this process (the box holds two at most): the generator's calls spread over their
    /// gateways and Orleans' placement; the CPU and storage figures are the sum over the silos.
    /// </param>
    public static async Task<LocalGrid> StartAsync(bool secure = true, Action<IDictionary<string, string?>>? configure = null, int siloCount = 1)
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
        grid.silos.Add(grid.silo);
        for (var i = 1; i < siloCount; i++)
        {
            // Another silo of the same cluster: same storage, keys and trust-boundary files, its own ports.
            var more = new Dictionary<string, string?>(settings)
            {
                ["Grid:SiloPort"] = LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Grid:GatewayPort"] = LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection(more);
            builder.Logging.SetMinimumLevel(LogLevel.Error);
            builder.UseOrleans(s => s.AddGridSilo(trustBoundary: secure));
            var host = builder.Build();
            await host.StartAsync();
            grid.silos.Add(host);
        }

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

        foreach (var host in Enumerable.Reverse(silos))
        {
            await host.StopAsync();
            host.Dispose();
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
