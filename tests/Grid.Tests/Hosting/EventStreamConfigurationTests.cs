using Grid.Events;
using Grid.Hosting;
using Grid.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Grid.Tests.Hosting;

/// <summary>
/// The tenant event stream's provider is configuration only: Event Hubs settings bind to Orleans' Event Hubs provider
/// (no namespace is reachable here, so the silo is built, not started) and the Azure Queue provider is then not
/// configured; the default stays Azure Queues.
/// </summary>
public sealed class EventStreamConfigurationTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("grid-events-config").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private IHost Build(EventStreamOptions events)
    {
        var security = GridSecurityOptions.InFolder(folder);
        var settings = new Dictionary<string, string?>
        {
            ["Grid:Security:TokenSigningKeyPath"] = security.TokenSigningKeyPath,
            ["Grid:Security:ClusterKeyPath"] = security.ClusterKeyPath,
            ["Grid:Security:Tls:DevelopmentFolder"] = security.Tls.DevelopmentFolder,
            ["Grid:Keys:RootPath"] = Path.Combine(folder, "keys"),
            ["Grid:Events:Provider"] = events.Provider,
            ["Grid:Events:EventHubsConnectionString"] = events.EventHubsConnectionString,
            ["Grid:Events:EventHubName"] = events.EventHubName,
            ["Grid:Events:ConsumerGroup"] = events.ConsumerGroup,
            ["Grid:Events:CheckpointTable"] = events.CheckpointTable,
            ["Grid:Events:CheckpointInterval"] = events.CheckpointInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        };
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleans(silo => silo.AddGridSilo(configureCluster: false));
        return builder.Build();
    }

    [Fact]
    public void Event_hubs_settings_bind_to_the_event_hubs_provider_and_the_queue_provider_is_not_configured()
    {
        using var host = Build(new EventStreamOptions
        {
            Provider = EventStreamOptions.EventHubs,
            EventHubsConnectionString = "Endpoint=sb://grid-prod.servicebus.windows.net/;SharedAccessKeyName=silos;SharedAccessKey=c2VjcmV0",
            EventHubName = "tenant-events-eu",
            ConsumerGroup = "grid-eu",
            CheckpointTable = "gridcheckpointseu",
            CheckpointInterval = TimeSpan.FromSeconds(30),
        });

        var hub = host.Services.GetRequiredService<IOptionsMonitor<EventHubOptions>>().Get(GridStreams.ProviderName);
        var checkpoints = host.Services.GetRequiredService<IOptionsMonitor<AzureTableStreamCheckpointerOptions>>().Get(GridStreams.ProviderName);
        var queues = host.Services.GetRequiredService<IOptionsMonitor<AzureQueueOptions>>().Get(GridStreams.ProviderName);

        Assert.Equal(("tenant-events-eu", "grid-eu"), (Read(hub, "EventHubName"), Read(hub, "ConsumerGroup")));
        Assert.NotNull(Read(hub, "CreateConnection"));
        Assert.Equal(("gridcheckpointseu", TimeSpan.FromSeconds(30)), (checkpoints.TableName, checkpoints.PersistInterval));
        Assert.True(queues.QueueNames is null || queues.QueueNames.Count == 0);
    }

    [Fact]
    public void The_default_is_azure_queues_and_event_hubs_stays_unconfigured()
    {
        using var host = Build(new EventStreamOptions());

        var queues = host.Services.GetRequiredService<IOptionsMonitor<AzureQueueOptions>>().Get(GridStreams.ProviderName);
        var hub = host.Services.GetRequiredService<IOptionsMonitor<EventHubOptions>>().Get(GridStreams.ProviderName);

        Assert.Equal(["grid-events-0", "grid-events-1", "grid-events-2", "grid-events-3"], queues.QueueNames);
        Assert.Null(Read(hub, "EventHubName"));
    }

    /// <summary>Orleans keeps these options' properties internal; the test reads what the provider will use.</summary>
    private static object? Read(EventHubOptions options, string property) =>
        typeof(EventHubOptions).GetProperty(property, System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)!.GetValue(options);

    [Theory]
    [InlineData("Kafka", null, "Grid:Events:Provider")]
    [InlineData("EventHubs", null, "Grid:Events:EventHubsConnectionString")]
    public void A_wrong_event_stream_setting_stops_the_silo_naming_it(string provider, string? connection, string setting)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new EventStreamOptions { Provider = provider, EventHubsConnectionString = connection }));
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }
}
