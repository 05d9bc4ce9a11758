using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Grid.Storage.Log;

/// <summary>
/// The silo's group-commit writer of recording frames. Each tenant has its own lanes (a tenant's segments never
/// hold another tenant's frames); a call is bound to one lane of the silo it is active on. Frames arrive already
/// encrypted by their call grains; a frame's task completes when the append holding it is durable.
/// </summary>
public sealed class RecordingLog : IDisposable
{
    private readonly ConcurrentDictionary<string, LogLane> lanes = new(StringComparer.Ordinal);
    private readonly RecordingStore store;
    private readonly RecordingLogOptions options;

    public RecordingLog(RecordingStore store, IOptions<RecordingLogOptions> options)
    {
        this.store = store;
        this.options = options.Value;
        this.options.Validate();
        WriterId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
    }

    /// <summary>This process's writer id: part of every lane name, so two silos never append to one segment.</summary>
    public string WriterId { get; }

    public RecordingLogOptions Options => options;

    /// <summary>The lane a call writes to on this silo, and the lane's current position.</summary>
    public LogPosition Bind(string tenantId, string callId) => Lane(tenantId, LaneOf(callId)).Position;

    /// <summary>Queues a frame on the call's lane of this silo; completes when it is durable.</summary>
    public Task<LogExtent> AppendAsync(string tenantId, LogRecord record) => Lane(tenantId, LaneOf(record.CallId)).AppendAsync(record);

    private string LaneOf(string callId)
    {
        // The string hash is stable for the process' life, which is the life of the writer id too.
        var hash = (uint)StringComparer.Ordinal.GetHashCode(callId);
        return $"{WriterId}-{hash % (uint)options.Lanes}";
    }

    public void Dispose()
    {
        foreach (var lane in lanes.Values)
        {
            lane.Complete();
        }
    }

    private LogLane Lane(string tenantId, string lane) =>
        lanes.GetOrAdd($"{tenantId}/{lane}", _ => new LogLane(
            lane,
            store.Container(tenantId),
            options,
            () => store.EnsureContainerAsync(tenantId, CancellationToken.None)));
}
