using System.Net;
using Grid.Events;
using Grid.Grains;
using Grid.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;

namespace Grid.Hosting;

/// <summary>The Orleans cluster of a Grid silo: ids and endpoints, membership, reminders and grain storage.</summary>
public static class GridClusterExtensions
{
    /// <summary>
    /// Cluster ids and endpoints (unless the host sets them), Kubernetes hosting when configured, Azure Table
    /// membership with the Grid's failure detection, Azure Table reminders, Azure Blob grain and pub-sub storage.
    /// </summary>
    /// <param name="silo">The silo.</param>
    /// <param name="options">The Grid's settings.</param>
    /// <param name="accounts">The storage accounts: membership, reminders and pub-sub in the main one; grain state in the grain's tenant's region's (<see cref="RegionalGrainStorage"/>).</param>
    /// <param name="configureCluster">False when a host (such as the test cluster) sets cluster ids and endpoints itself.</param>
    /// <returns>The silo.</returns>
    public static ISiloBuilder AddGridCluster(this ISiloBuilder silo, GridSiloOptions options, StorageAccounts accounts, bool configureCluster = true)
    {
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

        var clients = accounts.Cluster;
        silo.UseAzureStorageClustering(o => o.TableServiceClient = clients.Tables);
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            var m = options.Membership;
            o.ProbeTimeout = m.ProbeTimeout ?? TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = m.NumMissedProbesLimit ?? 2;
            o.TableRefreshTimeout = m.TableRefreshTimeout ?? TimeSpan.FromSeconds(2);
        });
        silo.Services.AddSingleton<SiloDeathLog>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloDeathLog>());
        silo.UseAzureTableReminderService(o => o.TableServiceClient = clients.Tables);
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = options.MinimumReminderPeriod);
        var byAccount = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (account, index) in accounts.Accounts.Select((a, i) => (a, i)))
        {
            var name = $"{GridGrainStorage.Name}@{index}";
            byAccount[account.Endpoint.AbsoluteUri] = name;
            silo.AddAzureBlobGrainStorage(name, o =>
            {
                o.BlobServiceClient = account.Blobs;
                o.ContainerName = "grid-state";
            });
        }

        silo.Services.AddGrainStorage(GridGrainStorage.Name, (services, _) => new RegionalGrainStorage(
            accounts,
            byAccount.ToDictionary(a => a.Key, a => services.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(a.Value), StringComparer.Ordinal)));
        silo.AddAzureBlobGrainStorage(GridStreams.PubSubStore, o =>
        {
            o.BlobServiceClient = clients.Blobs;
            o.ContainerName = "grid-pubsub";
        });
        return silo;
    }
}
