using Azure.Data.Tables;
using Grid.Client;
using Grid.Events;
using Grid.Security;
using Grid.Security.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Grid.Tests.Infrastructure;

/// <summary>
/// The test cluster's client: Azure Table gateway discovery, mutual TLS with the fixture's development CA, the
/// recorder SDK with automatic test credentials (<see cref="AutoCredentialFilter"/>), and the event stream.
/// </summary>
public sealed class TestClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        var connectionString = configuration["Grid:Storage:ConnectionString"]!;
        clientBuilder.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(connectionString));
        var options = new GridClientOptions
        {
            StorageConnectionString = connectionString,
            Recorder = new RecorderOptions { MaxInFlight = 4, RetryDeadline = TimeSpan.FromSeconds(30) },
        };
        options.Tls.DevelopmentFolder = configuration["Grid:Security:Tls:DevelopmentFolder"]!;
        clientBuilder.AddGridTransport(options);
        var security = new GridSecurityOptions { TokenSigningKeyPath = configuration["Grid:Security:TokenSigningKeyPath"]! };
        clientBuilder.AddOutgoingGrainCallFilter(new AutoCredentialFilter(new GridTokenIssuer(Options.Create(security))));
        clientBuilder.AddGridClientServices(options);
        var prefix = configuration["Grid:EventQueuePrefix"]!;
        var count = int.Parse(configuration["Grid:EventQueueCount"]!, System.Globalization.CultureInfo.InvariantCulture);
        clientBuilder.AddAzureQueueStreams(GridStreams.ProviderName, (OptionsBuilder<AzureQueueOptions> ob) => ob.Configure(o =>
        {
            o.QueueServiceClient = new Azure.Storage.Queues.QueueServiceClient(connectionString);
            o.QueueNames = Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToList();
        }));
    }
}
