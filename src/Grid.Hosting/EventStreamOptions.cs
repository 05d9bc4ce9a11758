using System.ComponentModel.DataAnnotations;

namespace Grid.Hosting;

/// <summary>
/// Where the tenant event stream runs (configuration section <c>Grid:Events</c>): Azure Queue streams (the local
/// default and tests) or Azure Event Hubs (production). Choosing is configuration only; producers and consumers are
/// the same grains.
/// </summary>
public sealed class EventStreamOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Grid:Events";

    public const string AzureQueue = "AzureQueue";
    public const string EventHubs = "EventHubs";

    /// <summary><c>AzureQueue</c> or <c>EventHubs</c>.</summary>
    public string Provider { get; set; } = AzureQueue;

    /// <summary>Event Hubs: a connection string (with shared access key) of the namespace.</summary>
    public string? EventHubsConnectionString { get; set; }

    /// <summary>Event Hubs: the namespace's fully qualified name (<c>*.servicebus.windows.net</c>), reached with managed identity.</summary>
    public string? EventHubsNamespace { get; set; }

    /// <summary>Event Hubs: the hub; its partitions are the stream's queues.</summary>
    public string EventHubName { get; set; } = "grid-tenant-events";

    /// <summary>Event Hubs: the consumer group the silos read with (one per cluster).</summary>
    public string ConsumerGroup { get; set; } = "grid-silos";

    /// <summary>Event Hubs: the Azure table the silos checkpoint their read positions in.</summary>
    public string CheckpointTable { get; set; } = "gridstreamcheckpoints";

    /// <summary>Event Hubs: how often read positions are checkpointed (events since are read again after a restart).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws naming the setting that is wrong.</summary>
    public void Validate()
    {
        if (Problems().FirstOrDefault() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    }

    /// <summary>The problems of these settings, each naming its setting (checked when the host starts).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => Problems().Select(p => new ValidationResult(p));

    private IEnumerable<string> Problems()
    {
        if (Provider is not (AzureQueue or EventHubs))
        {
            yield return $"Grid:Events:Provider must be {AzureQueue} or {EventHubs}, not '{Provider}'.";
        }

        if (Provider == EventHubs && string.IsNullOrEmpty(EventHubsConnectionString) && string.IsNullOrEmpty(EventHubsNamespace))
        {
            yield return "Grid:Events:EventHubsConnectionString or Grid:Events:EventHubsNamespace is required with Grid:Events:Provider=EventHubs.";
        }

        if (Provider == EventHubs && (string.IsNullOrEmpty(EventHubName) || string.IsNullOrEmpty(ConsumerGroup)))
        {
            yield return "Grid:Events:EventHubName and Grid:Events:ConsumerGroup are required with Grid:Events:Provider=EventHubs.";
        }
    }
}
