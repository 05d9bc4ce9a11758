using Azure.Data.Tables;
using Grid.Client;
using Grid.Events;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Grid.Tests.Infrastructure;

/// <summary>The test cluster's client: Azure Table gateway discovery, the recorder SDK and the event stream.</summary>
public sealed class TestClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        var connectionString = configuration["Grid:Storage:ConnectionString"]!;
        clientBuilder.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(connectionString));
        clientBuilder.AddGridClientServices(new GridClientOptions
        {
            StorageConnectionString = connectionString,
            Recorder = new RecorderOptions { MaxInFlight = 4, RetryDeadline = TimeSpan.FromSeconds(30) },
        });
        var prefix = configuration["Grid:EventQueuePrefix"]!;
        var count = int.Parse(configuration["Grid:EventQueueCount"]!, System.Globalization.CultureInfo.InvariantCulture);
        clientBuilder.AddAzureQueueStreams(GridStreams.ProviderName, (Microsoft.Extensions.Options.OptionsBuilder<AzureQueueOptions> ob) => ob.Configure(o =>
        {
            o.QueueServiceClient = new Azure.Storage.Queues.QueueServiceClient(connectionString);
            o.QueueNames = Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToList();
        }));
    }
}
