using Azure.Data.Tables;
using Grid.Client;
using Grid.Security;
using Grid.Security.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Grid.Security.Calls;
using Orleans.TestingHost;

namespace Grid.Tests.Infrastructure;

/// <summary>
/// The test cluster's client: Azure Table gateway discovery, mutual TLS with the fixture's development CA, the
/// recorder SDK with automatic test credentials (<see cref="AutoCredentialFilter"/>), (tenant events are watched inside a silo: clients may not subscribe).
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
        clientBuilder.AddOutgoingGrainCallFilter(new TestHooksProofFilter(SiloCallProof.FromFile(configuration["Grid:Security:ClusterKeyPath"]!)));
        clientBuilder.AddGridClientServices(options);
    }
}
