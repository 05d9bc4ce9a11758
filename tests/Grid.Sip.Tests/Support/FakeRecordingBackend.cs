using System.Collections.Concurrent;
using Grid.Sip.Recording;

namespace Grid.Sip.Tests.Support;

/// <summary>A recording backend for signalling tests: routing by a function (optionally held at a gate), starts that can fail, sinks that keep everything.</summary>
internal sealed class FakeRecordingBackend : IRecordingBackend
{
    private readonly ConcurrentQueue<SessionOrigin> _origins = new();
    private readonly ConcurrentQueue<RecordingStart> _starts = new();
    private readonly ConcurrentQueue<FakeRecordingSink> _sinks = new();

    /// <summary>The routing decision (default: every source goes to tenant "tenant-a").</summary>
    public Func<SessionOrigin, RecordingRoute?> Route { get; set; } = _ => new RecordingRoute("tenant-a", "rule-1");

    /// <summary>When set, RouteAsync waits for it (cancellation honoured) after signalling <see cref="RouteEntered"/>.</summary>
    public TaskCompletionSource? RouteGate { get; set; }

    /// <summary>Completes when a RouteAsync call is waiting at <see cref="RouteGate"/>.</summary>
    public TaskCompletionSource RouteEntered { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the token of a RouteAsync call when it is cancelled.</summary>
    public TaskCompletionSource<bool> RouteCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, StartAsync throws it.</summary>
    public Exception? StartFailure { get; set; }

    /// <summary>When set, each new sink's appends throw it (the Grid refuses media).</summary>
    public Exception? AppendFailure { get; set; }

    public IReadOnlyList<SessionOrigin> Origins => [.. _origins];

    public IReadOnlyList<RecordingStart> Starts => [.. _starts];

    public IReadOnlyList<FakeRecordingSink> Sinks => [.. _sinks];

    /// <summary>Completes with the first sink started.</summary>
    public TaskCompletionSource<FakeRecordingSink> FirstSink { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Arms <see cref="RouteEntered"/> again for the next held call.</summary>
    public void ResetRouteEntered() => RouteEntered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask<RecordingRoute?> RouteAsync(SessionOrigin origin, CancellationToken cancellationToken)
    {
        _origins.Enqueue(origin);
        if (RouteGate is { } gate)
        {
            RouteEntered.TrySetResult();
            try
            {
                await gate.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                RouteCancelled.TrySetResult(true);
                throw;
            }
        }

        return Route(origin);
    }

    public Task<IRecordingSink> StartAsync(RecordingRoute route, RecordingStart start, CancellationToken cancellationToken)
    {
        _starts.Enqueue(start);
        if (StartFailure is { } failure)
        {
            return Task.FromException<IRecordingSink>(failure);
        }

        var sink = new FakeRecordingSink(route, start, AppendFailure);
        _sinks.Enqueue(sink);
        FirstSink.TrySetResult(sink);
        return Task.FromResult<IRecordingSink>(sink);
    }
}
