using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Grid.Storage.Log;

/// <summary>
/// The silo's group-commit writer of recording frames. Each tenant has its own queue and lanes (a tenant's segments
/// never hold another tenant's frames); any free lane of the tenant takes the frames queued, so a call's frames may
/// lie in any of them. Frames arrive already encrypted by their call grains; a frame's task completes when the
/// append holding it is durable.
/// </summary>
public sealed class RecordingLog : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TenantLanes>>> tenants = new(StringComparer.Ordinal);
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

    /// <summary>The lanes a call may write to on this silo, each at its current position.</summary>
    public async Task<IReadOnlyList<LogPosition>> BindAsync(string tenantId) => [.. (await LanesAsync(tenantId)).Lanes.Select(l => l.Position)];

    /// <summary>Queues a frame for the tenant's lanes on this silo; completes when it is durable.</summary>
    public async Task<LogExtent> AppendAsync(string tenantId, LogRecord record)
    {
        var pending = new LogLane.Pending(record, new TaskCompletionSource<LogExtent>(TaskCreationOptions.RunContinuationsAsynchronously));
        var lanes = await LanesAsync(tenantId);
        lanes.Arrivals.Arrived();
        if (!lanes.Queue.Writer.TryWrite(pending))
        {
            throw new Grid.Errors.StorageUnavailableException("The recording log is shutting down; nothing was acknowledged. Retry with the same arguments.");
        }

        return await pending.Completion.Task;
    }

    public void Dispose()
    {
        foreach (var tenant in tenants.Values.Where(t => t.IsValueCreated && t.Value.IsCompletedSuccessfully))
        {
            tenant.Value.Result.Queue.Writer.TryComplete();
        }
    }

    // Lazy: a lost race of GetOrAdd must not start lanes (their loops) that nobody feeds. The lanes write to the
    // tenant's container in its region's account; a failure to find it (storage down) is not kept.
    private async ValueTask<TenantLanes> LanesAsync(string tenantId)
    {
        var entry = tenants.GetOrAdd(tenantId, id => new Lazy<Task<TenantLanes>>(async () =>
        {
            var container = await store.ContainerAsync(id, CancellationToken.None);
            var queue = Channel.CreateUnbounded<LogLane.Pending>();
            var arrivals = new LogArrivals();
            var lanes = Enumerable.Range(0, options.Lanes).Select(i => new LogLane(
                $"{WriterId}-{i}",
                queue.Reader,
                arrivals,
                container,
                options,
                () => store.EnsureContainerAsync(id, CancellationToken.None))).ToList();
            return new TenantLanes(queue, arrivals, lanes);
        }));
        var task = entry.Value;
        if (task.IsCompletedSuccessfully)
        {
            return task.Result;
        }

        try
        {
            return await task;
        }
        catch
        {
            tenants.TryRemove(new KeyValuePair<string, Lazy<Task<TenantLanes>>>(tenantId, entry));
            throw;
        }
    }

    private sealed record TenantLanes(Channel<LogLane.Pending> Queue, LogArrivals Arrivals, IReadOnlyList<LogLane> Lanes);
}
