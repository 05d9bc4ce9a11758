using Grid.Events;
using Grid.Storage;

namespace Grid.Hosting;

/// <summary>The tenant event streams of a Grid silo.</summary>
public static class GridEventStreamExtensions
{
    /// <summary>The tenant event stream on Azure Queues (local default) or Azure Event Hubs (<c>Grid:Events:Provider</c>).</summary>
    /// <param name="silo">The silo.</param>
    /// <param name="options">The Grid's settings (validated here: a wrong setting stops the silo naming it).</param>
    /// <param name="clients">The storage account (queues, or the Event Hubs checkpoint table).</param>
    public static ISiloBuilder AddGridEventStreams(this ISiloBuilder silo, GridSiloOptions options, GridStorageClients clients)
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
            return silo;
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
        return silo;
    }
}
