using System.Collections.Concurrent;
using System.Threading.Channels;
using Grid.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Storage.Log;

/// <summary>
/// The silo's group-commit writer of recording frames. Each tenant has its own queue and lanes (a tenant's segments
/// never hold another tenant's frames); any free lane of the tenant takes the frames queued, so a call's frames may
/// lie in any of them. Frames arrive already encrypted by their call grains; a frame's task completes when the
/// append holding it is durable.
/// </summary>
/// <remarks>
/// The silo's lifecycle owns it: <see cref="Start"/> opens it, <see cref="StopAsync"/> (after the silo's grains were
/// deactivated) refuses new frames, writes every frame still queued and waits for the lanes' last appends. Before
/// the start and from the stop on, a frame is refused with <see cref="StorageUnavailableException"/> (retryable:
/// nothing was acknowledged). A tenant's lanes that received no frame for
/// <see cref="RecordingLogOptions.IdleLaneEviction"/> are closed and dropped; only where each lane ended stays in
/// memory, so the tenant's next frame opens the lanes again in new segments, after the ones a call bound earlier
/// may scan from.
/// </remarks>
public sealed partial class RecordingLog : IDisposable
{
    private const int Created = 0;
    private const int Open = 1;
    private const int Stopped = 2;
    private static readonly TimeSpan LongestSweepPeriod = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Lazy<Task<TenantLanes>>> tenants = new(StringComparer.Ordinal);

    // Evicted tenants: the segment each lane continues with, known once the evicted lanes finished their last write.
    private readonly ConcurrentDictionary<string, Task<int[]>> resumeAt = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource draining = new();
    private readonly RecordingStore store;
    private readonly RecordingLogOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private ITimer? sweeper;
    private int phase = Created;
    private int sweeping;

    public RecordingLog(RecordingStore store, IOptions<RecordingLogOptions> options, ILogger<RecordingLog> logger)
        : this(store, options, logger, TimeProvider.System)
    {
    }

    /// <summary>With the clock that measures idleness and the drain timeout (tests move it).</summary>
    internal RecordingLog(RecordingStore store, IOptions<RecordingLogOptions> options, ILogger<RecordingLog> logger, TimeProvider time)
    {
        this.store = store;
        this.options = options.Value;
        this.options.Validate();
        this.logger = logger;
        this.time = time;
        WriterId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6));
    }

    /// <summary>This process's writer id: part of every lane name, so two silos never append to one segment.</summary>
    public string WriterId { get; }

    public RecordingLogOptions Options => options;

    /// <summary>Lanes open on this silo now, over every tenant (evicted tenants' lanes are not counted).</summary>
    public int LaneCount => tenants.Values.Sum(t => t.IsValueCreated && t.Value.IsCompletedSuccessfully ? t.Value.Result.Lanes.Count : 0);

    /// <summary>Frames waiting in this silo's queues now (not yet taken by a lane's append).</summary>
    public int QueuedFrames => tenants.Values.Sum(t => t.IsValueCreated && t.Value.IsCompletedSuccessfully ? t.Value.Result.Queue.Reader.Count : 0);

    /// <summary>Opens the log (the silo starts): frames are accepted from now on, and idle tenants' lanes are swept.</summary>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref phase, Open, Created) != Created)
        {
            throw new InvalidOperationException("The recording log was already started (or stopped); a log is started once.");
        }

        var period = TimeSpan.FromTicks(Math.Min(options.IdleLaneEviction.Ticks / 4, LongestSweepPeriod.Ticks));
        sweeper = time.CreateTimer(_ => EvictIdle(), null, period, period);
    }

    /// <summary>
    /// Stops the log (the silo stops, after its grains were deactivated): new frames are refused, the lanes write
    /// every frame queued at once (no linger) and finish their appends, within
    /// <see cref="RecordingLogOptions.DrainTimeout"/> or until <paramref name="cancellationToken"/> is cancelled.
    /// Frames still queued then are refused (their callers retry elsewhere; nothing unwritten was acknowledged).
    /// </summary>
    public async Task<LogDrain> StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref phase, Stopped) == Stopped)
        {
            return new LogDrain(0, 0, 0, 0, TimeSpan.Zero, TimedOut: false);
        }

        var started = time.GetTimestamp();
        sweeper?.Dispose();
        var open = new List<TenantLanes>();
        foreach (var entry in tenants.Values)
        {
            try
            {
                // A tenant whose lanes are still opening finds the log stopped and opens none.
                open.Add(await entry.Value);
            }
            catch (Exception e) when (e is GridException or Azure.RequestFailedException)
            {
                // No lanes, nothing queued: the appends waiting for them got the same error.
            }
        }

        var queued = open.Sum(t => t.Queue.Reader.Count);
        foreach (var tenant in open)
        {
            tenant.Queue.Writer.TryComplete();
        }

        await draining.CancelAsync();

        using var deadline = new CancellationTokenSource(options.DrainTimeout, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var timedOut = false;
        try
        {
            await Task.WhenAll(open.SelectMany(t => t.Lanes).Select(l => l.Completion).Concat(resumeAt.Values)).WaitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
        }

        var refused = 0;
        foreach (var tenant in open)
        {
            while (tenant.Queue.Reader.TryRead(out var pending))
            {
                pending.Completion.TrySetException(StoppedError());
                refused++;
            }
        }

        var drain = new LogDrain(open.Count, open.Sum(t => t.Lanes.Count), queued, refused, time.GetElapsedTime(started), timedOut);
        if (timedOut)
        {
            LogDrainTimedOut(logger, options.DrainTimeout, drain.Refused, drain.Tenants, drain.Lanes);
        }
        else
        {
            LogDrained(logger, drain.Queued, drain.Tenants, drain.Lanes, (long)drain.Elapsed.TotalMilliseconds);
        }

        return drain;
    }

    /// <summary>The lanes a call may write to on this silo, each at its current position.</summary>
    public async Task<IReadOnlyList<LogPosition>> BindAsync(string tenantId) => [.. (await LanesAsync(tenantId)).Lanes.Select(l => l.Position)];

    /// <summary>Queues a frame for the tenant's lanes on this silo; completes when it is durable.</summary>
    public async Task<LogExtent> AppendAsync(string tenantId, LogRecord record)
    {
        var pending = new LogLane.Pending(record, new TaskCompletionSource<LogExtent>(TaskCreationOptions.RunContinuationsAsynchronously));
        while (true)
        {
            var lanes = await LanesAsync(tenantId);
            lanes.LastAppend = time.GetTimestamp();
            lanes.Pacer.Queued(record.Frame.Length, record.CallId);
            if (lanes.Queue.Writer.TryWrite(pending))
            {
                break;
            }

            lanes.Pacer.Taken(record.Frame.Length);

            // The lanes were closed between the lookup and the write: the log stopped (refused below), or the
            // tenant's lanes were evicted as idle just now (the next lookup opens them again).
        }

        return await pending.Completion.Task;
    }

    public void Dispose()
    {
        Volatile.Write(ref phase, Stopped);
        sweeper?.Dispose();
        draining.Cancel();
        foreach (var tenant in tenants.Values.Where(t => t.IsValueCreated && t.Value.IsCompletedSuccessfully))
        {
            tenant.Value.Result.Queue.Writer.TryComplete();
        }

        draining.Dispose();
    }

    private static StorageUnavailableException StoppedError() =>
        new("This silo's recording log is not running (the silo is starting or stopping); nothing was acknowledged. Retry with the same arguments: the call continues on a running silo.");

    // Lazy: a lost race of GetOrAdd must not start lanes (their loops) that nobody feeds. The lanes write to the
    // tenant's container in its region's account; a failure to find it (storage down) is not kept.
    private async ValueTask<TenantLanes> LanesAsync(string tenantId)
    {
        if (Volatile.Read(ref phase) != Open)
        {
            throw StoppedError();
        }

        var entry = tenants.GetOrAdd(tenantId, id => new Lazy<Task<TenantLanes>>(() => OpenLanesAsync(id)));
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

    private async Task<TenantLanes> OpenLanesAsync(string tenantId)
    {
        // After an eviction: each lane continues in a new segment after the one its evicted instance ended with, so a
        // call bound to the lane before finds every frame by scanning on from where it was bound.
        var next = resumeAt.TryGetValue(tenantId, out var resume) ? await resume : null;
        var container = await store.ContainerAsync(tenantId, CancellationToken.None);
        if (Volatile.Read(ref phase) != Open)
        {
            throw StoppedError();
        }

        var queue = Channel.CreateUnbounded<LogLane.Pending>();
        var pacer = new LogPacer(options.AdaptiveLinger ? options.Linger : TimeSpan.Zero, options.MaxBatchBytes, TimeProvider.System);
        var lanes = Enumerable.Range(0, options.Lanes).Select(i => new LogLane(
            $"{WriterId}-{i}",
            next is not null && i < next.Length ? next[i] : 0,
            queue.Reader,
            pacer,
            container,
            options,
            () => store.EnsureContainerAsync(tenantId, CancellationToken.None),
            draining.Token)).ToList();
        if (resume is not null)
        {
            resumeAt.TryRemove(new KeyValuePair<string, Task<int[]>>(tenantId, resume));
        }

        return new TenantLanes(queue, pacer, lanes) { LastAppend = time.GetTimestamp() };
    }

    // Closes the lanes of tenants that received no frame for the idle time and had nothing queued. A frame that
    // reaches the closing queue after the check is still written by the lanes before they end.
    private void EvictIdle()
    {
        if (Interlocked.Exchange(ref sweeping, 1) == 1)
        {
            return;
        }

        try
        {
            foreach (var (tenantId, entry) in tenants)
            {
                if (Volatile.Read(ref phase) != Open)
                {
                    return;
                }

                if (!entry.IsValueCreated || !entry.Value.IsCompletedSuccessfully)
                {
                    continue;
                }

                var lanes = entry.Value.Result;
                if (time.GetElapsedTime(lanes.LastAppend) < options.IdleLaneEviction || lanes.Queue.Reader.Count > 0)
                {
                    continue;
                }

                // Where the lanes continue is published before they are removed: a tenant's next lanes cannot open
                // without it.
                var ended = EndedAsync(lanes);
                resumeAt[tenantId] = ended;
                if (!tenants.TryRemove(new KeyValuePair<string, Lazy<Task<TenantLanes>>>(tenantId, entry)))
                {
                    resumeAt.TryRemove(new KeyValuePair<string, Task<int[]>>(tenantId, ended));
                    continue;
                }

                lanes.Queue.Writer.TryComplete();
                LogEvicted(logger, tenantId, lanes.Lanes.Count, options.IdleLaneEviction);
            }
        }
        finally
        {
            Volatile.Write(ref sweeping, 0);
        }
    }

    private static async Task<int[]> EndedAsync(TenantLanes lanes)
    {
        await Task.WhenAll(lanes.Lanes.Select(l => l.Completion));
        return [.. lanes.Lanes.Select(l => l.NextSegment)];
    }

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Recording log stopped: {Queued} queued frames of {Tenants} tenants written by {Lanes} lanes before the stop ended ({ElapsedMs} ms)")]
    private static partial void LogDrained(ILogger logger, int queued, int tenants, int lanes, long elapsedMs);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Warning, Message = "Recording log stop took longer than {DrainTimeout} (Grid:Storage:Log:DrainTimeout): {Refused} frames still queued were refused, not acknowledged ({Tenants} tenants, {Lanes} lanes); their recorders send them again")]
    private static partial void LogDrainTimedOut(ILogger logger, TimeSpan drainTimeout, int refused, int tenants, int lanes);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Debug, Message = "Recording log lanes of tenant {TenantId} closed: no frame for {IdleLaneEviction} ({Lanes} lanes; the next frame opens new segments)")]
    private static partial void LogEvicted(ILogger logger, string tenantId, int lanes, TimeSpan idleLaneEviction);

    private sealed record TenantLanes(Channel<LogLane.Pending> Queue, LogPacer Pacer, IReadOnlyList<LogLane> Lanes)
    {
        private long lastAppend;

        /// <summary>When a frame last came (the log's clock timestamp).</summary>
        public long LastAppend
        {
            get => Volatile.Read(ref lastAppend);
            set => Volatile.Write(ref lastAppend, value);
        }
    }
}

/// <summary>
/// What the stop of a recording log did: the tenants and lanes open, the frames queued when it began, those refused
/// because the drain timeout passed first, and how long it took.
/// </summary>
public sealed record LogDrain(int Tenants, int Lanes, int Queued, int Refused, TimeSpan Elapsed, bool TimedOut);
