using System.Net;
using Grid.Crypto.Custody;
using Grid.Crypto.Signing;
using Grid.Events;
using Grid.Grains;
using Grid.Grains.Keys;
using Grid.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Grid.Hosting;

/// <summary>Configures an Orleans silo as a Recording Grid silo.</summary>
public static class GridSiloBuilderExtensions
{
    /// <summary>Reads <see cref="GridSiloOptions"/> from the <c>Grid</c> configuration section.</summary>
    public static GridSiloOptions ReadGridOptions(this IConfiguration configuration)
    {
        var options = new GridSiloOptions();
        configuration.GetSection(GridSiloOptions.SectionName).Bind(options);
        return options;
    }

    /// <summary>
    /// Azure Table clustering, Azure Blob grain storage, Azure Table reminders and Azure Queue event streams, all
    /// against the configured storage account, plus the Grid's services (recording store, key custody, limits).
    /// </summary>
    /// <param name="silo">The silo.</param>
    /// <param name="options">The Grid's settings.</param>
    /// <param name="configureCluster">
    /// False when a host (such as the test cluster) sets cluster ids and endpoints itself.
    /// </param>
    /// <param name="trustBoundary">
    /// False only for the load test's same-run baseline of the trust boundary's cost: no TLS, no authorization
    /// filter (the token service still exists). Not reachable from configuration; never for a real deployment.
    /// </param>
    public static ISiloBuilder AddGridSilo(this ISiloBuilder silo, GridSiloOptions options, bool configureCluster = true, bool trustBoundary = true)
    {
        var clients = GridStorageClients.Create(options.Storage);
        if (configureCluster)
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
        }

        if (options.Hosting.Kubernetes)
        {
            silo.UseKubernetesHosting();
        }

        silo.UseAzureStorageClustering(o => o.TableServiceClient = clients.Tables);
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            var m = options.Membership;
            o.ProbeTimeout = m.ProbeTimeout ?? TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = m.NumMissedProbesLimit ?? 2;
            o.TableRefreshTimeout = m.TableRefreshTimeout ?? TimeSpan.FromSeconds(2);
        });
        silo.UseAzureTableReminderService(o => o.TableServiceClient = clients.Tables);
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = options.MinimumReminderPeriod);
        silo.AddAzureBlobGrainStorage(GridGrainStorage.Name, o =>
        {
            o.BlobServiceClient = clients.Blobs;
            o.ContainerName = "grid-state";
        });
        silo.AddAzureBlobGrainStorage(GridStreams.PubSubStore, o =>
        {
            o.BlobServiceClient = clients.Blobs;
            o.ContainerName = "grid-pubsub";
        });
        AddTenantEventStreams(silo, options, clients);

        if (trustBoundary)
        {
            silo.AddGridSecurity(options.Security);
        }
        else
        {
            silo.AddGridTokenService(options.Security);
        }

        var services = silo.Services;
        services.AddSingleton(clients);
        services.AddSingleton(Options.Create(options.Storage));
        services.AddSingleton(Options.Create(options.Limits));
        services.AddSingleton(Options.Create(options.Retention));
        services.AddSingleton(Options.Create(options.Termination));
        services.AddSingleton(Options.Create(options.Signing));
        services.AddSingleton(Options.Create(options.Canary));
        services.AddSingleton(Options.Create(options.Audit));
        services.AddHostedService<CanaryScheduler>();
        services.AddSingleton<ProcessorSigningKey>();
        services.AddSingleton(Options.Create(new SoftwareKeyCustodyOptions { RootPath = options.Keys.RootPath }));
        services.AddSingleton(Options.Create(options.Keys.Pkcs11));
        services.TryAddSingleton(GridTime.Real);
        services.AddSingleton<RecordingStore>();
        services.AddSingleton(Options.Create(options.Storage.Log));
        services.AddSingleton<Grid.Storage.Log.RecordingLog>();
        services.AddSingleton<Grid.Storage.Log.ManifestStore>();
        services.AddSingleton<Grid.Storage.Log.LogScanner>();
        services.AddSingleton<Grid.Storage.Log.LogCollector>();
        services.AddSingleton<Grid.Grains.Calls.RecordingFiles>();
        services.AddSingleton<Grid.Grains.Calls.RecordingWriters>();
        services.AddSingleton<AuditStore>();
        services.AddSingleton<RecordingReplica>();
        services.AddSingleton<RetentionIndex>();
        services.AddSingleton<RecordingCatalog>();
        services.AddSingleton<RequestRegister>();
        services.AddSingleton(Options.Create(options.Catalog));
        services.AddSingleton(Options.Create(options.Requests));
        services.AddSingleton(Options.Create(options.Webhooks));
        options.Governance.Validate();
        services.AddSingleton(Options.Create(options.Governance));
        options.Residency.Validate();
        services.AddSingleton(Options.Create(options.Residency));
        services.AddSingleton<Grid.Grains.Calls.BlindIndex>();
        services.AddSingleton<Grid.Grains.Calls.CallCatalog>();
        services.AddSingleton<DeletionLog>();
        services.AddSingleton<IKeyCustody, SoftwareKeyCustody>();
        if (!string.IsNullOrEmpty(options.Keys.Pkcs11.LibraryPath))
        {
            services.AddSingleton<Pkcs11KeyCustody>();
            services.AddSingleton<IKeyCustody>(sp => sp.GetRequiredService<Pkcs11KeyCustody>());
        }

        if (options.Keys.AzureKeyVault.VaultUri is not null)
        {
            services.AddSingleton<IKeyCustody>(_ => new AzureKeyVaultKeyCustody(Options.Create(options.Keys.AzureKeyVault), new Azure.Identity.DefaultAzureCredential()));
        }
        services.AddSingleton<KeyCustodyRegistry>();
        return silo;
    }

    /// <summary>The tenant event stream on Azure Queues (local default) or Azure Event Hubs (<c>Grid:Events:Provider</c>).</summary>
    private static void AddTenantEventStreams(ISiloBuilder silo, GridSiloOptions options, GridStorageClients clients)
    {
        options.Events.Validate();
        if (options.Events.Provider == EventStreamOptions.EventHubs)
        {
            var events = options.Events;
            silo.AddEventHubStreams(GridStreams.ProviderName, configurator =>
            {
                configurator.ConfigureEventHub(ob => ob.Configure(o =>
                {
                    if (!string.IsNullOrEmpty(events.EventHubsConnectionString))
                    {
                        o.ConfigureEventHubConnection(events.EventHubsConnectionString, events.EventHubName, events.ConsumerGroup);
                    }
                    else
                    {
                        o.ConfigureEventHubConnection(events.EventHubsNamespace!, events.EventHubName, events.ConsumerGroup, new Azure.Identity.DefaultAzureCredential());
                    }
                }));
                configurator.UseAzureTableCheckpointer(ob => ob.Configure(o =>
                {
                    o.TableServiceClient = clients.Tables;
                    o.TableName = events.CheckpointTable;
                    o.PersistInterval = events.CheckpointInterval;
                }));
            });
            return;
        }

        var queueNames = Enumerable.Range(0, options.EventQueueCount).Select(i => $"{options.EventQueuePrefix}-{i}").ToList();
        silo.AddAzureQueueStreams(GridStreams.ProviderName, configurator =>
        {
            configurator.ConfigureAzureQueue(ob => ob.Configure(o =>
            {
                o.QueueServiceClient = clients.Queues;
                o.QueueNames = queueNames;
            }));

            // Each pulling agent reads its queue this often whether or not events flow: storage requests that cost
            // the same at 0 and 2,000 calls (the Orleans default, 100 ms, is 40 requests a second for 4 queues).
            configurator.ConfigurePullingAgent(ob => ob.Configure(o => o.GetQueueMsgsTimerPeriod = options.EventPollPeriod));
        });
    }
}
