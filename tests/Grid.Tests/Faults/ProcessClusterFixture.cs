using Grid.Development;
using Grid.Client;
using Grid.Client.Credentials;
using Grid.Keys;
using Grid.Security;
using Grid.Security.Calls;
using Grid.Security.Tls;
using Grid.Security.Tokens;
using Grid.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Grid.Tests.Faults;

/// <summary>
/// A grid of real silo processes on its own Azurite (which the outage test stops and restarts), with a recorder
/// client. Failure detection is tuned (probe 1 s, 2 missed probes) as an operator would for a small cluster.
/// </summary>
public sealed class ProcessClusterFixture : IAsyncLifetime
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "grid-faults-" + Guid.NewGuid().ToString("N")[..8]);
    private AzuriteProcess? azurite;

    public LocalEmulatorOptions Emulator { get; private set; } = null!;

    /// <summary>Proxies in front of Azurite's blob, queue and table ports: the outage test cuts them.</summary>
    public List<TcpProxy> StorageNetwork { get; } = [];

    /// <summary>The connection string silos and clients use: through <see cref="StorageNetwork"/>.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    public List<SiloProcess> Silos { get; } = [];

    public IHost? Client { get; private set; }

    public string ClusterId { get; } = "fault-" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>The trust boundary's files, shared by every silo process and the client (created before the first silo).</summary>
    public GridSecurityOptions Security => GridSecurityOptions.InFolder(root);

    public async Task InitializeAsync()
    {
        DevelopmentCertificates.EnsureCreated(Security.Tls.DevelopmentFolder);
        _ = SiloCallProof.FromFile(Security.ClusterKeyPath);
        Emulator = new LocalEmulatorOptions
        {
            DataPath = Path.Combine(root, "azurite"),
            BlobPort = LoopbackPorts.Free(),
            QueuePort = LoopbackPorts.Free(),
            TablePort = LoopbackPorts.Free(),
        };
        azurite = await AzuriteProcess.StartAsync(Emulator, NullLogger.Instance);
        StorageNetwork.AddRange([new TcpProxy(Emulator.BlobPort), new TcpProxy(Emulator.QueuePort), new TcpProxy(Emulator.TablePort)]);
        ConnectionString = new LocalEmulatorOptions
        {
            BlobPort = StorageNetwork[0].Port,
            QueuePort = StorageNetwork[1].Port,
            TablePort = StorageNetwork[2].Port,
        }.ConnectionString;
    }

    /// <summary>Storage becomes unreachable: every connection is reset, new ones too.</summary>
    public void CutStorage() => StorageNetwork.ForEach(p => p.Cut());

    public void RestoreStorage() => StorageNetwork.ForEach(p => p.Restore());

    public async Task<SiloProcess> StartSiloAsync(IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var siloPort = LoopbackPorts.Free();
        var gatewayPort = LoopbackPorts.Free();
        var httpPort = LoopbackPorts.Free();
        var environment = new Dictionary<string, string>
        {
            ["Grid__ClusterId"] = ClusterId,
            ["Grid__ServiceId"] = "grid-faults",
            ["Grid__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Grid__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Grid__Storage__ConnectionString"] = ConnectionString,
            ["Grid__LocalEmulator__Start"] = "false",
            ["Grid__Keys__RootPath"] = Path.Combine(root, "keys"),
            ["Grid__Signing__KeyPath"] = Path.Combine(root, "signing.pem"),
            ["Grid__Security__TokenSigningKeyPath"] = Security.TokenSigningKeyPath,
            ["Grid__Security__ClusterKeyPath"] = Security.ClusterKeyPath,
            ["Grid__Security__Tls__DevelopmentFolder"] = Security.Tls.DevelopmentFolder,
            ["Grid__EventQueuePrefix"] = "ev-" + ClusterId,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Grid__HttpUrls"] = $"http://127.0.0.1:{httpPort}",
            ["Grid__MinimumReminderPeriod"] = "00:00:01",
            ["DOTNET_gcServer"] = "0",
        };
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        Directory.CreateDirectory(root);
        var silo = await SiloProcess.StartAsync(environment, gatewayPort, root, httpPort);
        Silos.Add(silo);
        return silo;
    }

    /// <summary>Connects the recorder client; a tenant is provisioned for the run.</summary>
    public async Task<(GridRecorder Recorder, GridPlayback Playback, string TenantId)> ConnectAsync(TimeSpan retryDeadline)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddGridClient(o =>
        {
            o.ClusterId = ClusterId;
            o.ServiceId = "grid-faults";
            o.StorageConnectionString = ConnectionString;
            o.Recorder.RetryDeadline = retryDeadline;
            o.Recorder.MaxInFlight = 8;
            o.Tls.DevelopmentFolder = Security.Tls.DevelopmentFolder;
        });
        var tenantId = "f-" + Guid.NewGuid().ToString("N")[..10];
        var issuer = new GridTokenIssuer(Options.Create(Security));
        builder.Services.AddSingleton<IGridCredentialSource>(new SigningTokenSource(issuer, tenantId, "fault-recorder", [GridRoles.Recorder, GridRoles.Analyst]));
        Client = builder.Build();
        await Client.StartAsync();
        using (GridCredentials.Use(issuer.Issue(GridPrincipal.AnyTenant, "fault-operator", [GridRoles.Operator]).Value))
        {
            await Client.Services.GetRequiredService<IClusterClient>().GetGrain<ITenantGrain>(tenantId)
                .ProvisionAsync(new TenantSettings { DisplayName = "Fault tenant", ResidencyRegion = "eu-west", RetentionDays = 3650, KeyCustody = KeyCustodyKind.Software });
        }
        return (Client.Services.GetRequiredService<GridRecorder>(), Client.Services.GetRequiredService<GridPlayback>(), tenantId);
    }

    public async Task DisposeAsync()
    {
        if (Client is not null)
        {
            try
            {
                await Client.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                // The cluster may be gone already.
            }

            Client.Dispose();
        }

        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }

        foreach (var proxy in StorageNetwork)
        {
            await proxy.DisposeAsync();
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
