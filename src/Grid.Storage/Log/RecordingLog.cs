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
    private readonly ConcurrentDictionary<string, Lazy<TenantLanes>> tenants = new(StringComparer.Ordinal);
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
    public IReadOnlyList<LogPosition> Bind(string tenantId) => Lanes(tenantId).Lanes.Select(l => l.Position).ToList();

    /// <summary>Queues a frame for the tenant's lanes on this silo; completes when it is durable.</summary>
    public Task<LogExtent> AppendAsync(string tenantId, LogRecord record)
    {
        var pending = new LogLane.Pending(record, new TaskCompletionSource<LogExtent>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!Lanes(tenantId).Queue.Writer.TryWrite(pending))
        {
            throw new Grid.Errors.StorageUnavailableException("The recording log is shutting down; nothing was acknowledged. Retry with the same arguments.");
        }

        return pending.Completion.Task;
    }

    public void Dispose()
    {
        foreach (var tenant in tenants.Values.Where(t => t.IsValueCreated))
        {
            tenant.Value.Queue.Writer.TryComplete();
        }
    }

    // Lazy: a lost race of GetOrAdd must not start lanes (their loops) that nobody feeds.
    private TenantLanes Lanes(string tenantId) =>
        tenants.GetOrAdd(tenantId, id => new Lazy<TenantLanes>(() =>
        {
            var queue = Channel.CreateUnbounded<LogLane.Pending>();
            var lanes = Enumerable.Range(0, options.Lanes).Select(i => new LogLane(
                $"{WriterId}-{i}",
                queue.Reader,
                store.Container(id),
                options,
                () => store.EnsureContainerAsync(id, CancellationToken.None))).ToList();
            return new TenantLanes(queue, lanes);
        })).Value;

    private sealed record TenantLanes(Channel<LogLane.Pending> Queue, IReadOnlyList<LogLane> Lanes);
}
