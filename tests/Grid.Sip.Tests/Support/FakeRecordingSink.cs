using System.Collections.Concurrent;
using Grid.Sip.Media;
using Grid.Sip.Metadata;
using Grid.Sip.Recording;

namespace Grid.Sip.Tests.Support;

/// <summary>A sink that keeps every call made on it, in order.</summary>
internal sealed class FakeRecordingSink(RecordingRoute route, RecordingStart start, Exception? appendFailure) : IRecordingSink
{
    private readonly ConcurrentQueue<string> _events = new();
    private readonly ConcurrentQueue<MediaChunk> _chunks = new();
    private readonly ConcurrentQueue<RecordingMetadata> _metadata = new();

    public RecordingRoute Route => route;

    public RecordingStart Start => start;

    /// <summary>"append", "gap:...", "pause:reason", "resume", "metadata", "end:Reason", "dispose" in order.</summary>
    public IReadOnlyList<string> Events => [.. _events];

    public IReadOnlyList<MediaChunk> Chunks => [.. _chunks];

    public IReadOnlyList<RecordingMetadata> MetadataUpdates => [.. _metadata];

    /// <summary>Completes with the end reason.</summary>
    public TaskCompletionSource<SessionEndReason> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the first pause.</summary>
    public TaskCompletionSource Paused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the first resume.</summary>
    public TaskCompletionSource Resumed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the first metadata update.</summary>
    public TaskCompletionSource<RecordingMetadata> MetadataUpdated { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The media bytes of every chunk, concatenated.</summary>
    public byte[] MediaBytes() => [.. _chunks.SelectMany(c => c.Data.ToArray())];

    public ValueTask AppendAsync(MediaChunk chunk, CancellationToken cancellationToken)
    {
        if (appendFailure is not null)
        {
            return ValueTask.FromException(appendFailure);
        }

        _chunks.Enqueue(chunk);
        _events.Enqueue("append");
        return ValueTask.CompletedTask;
    }

    public ValueTask ReportGapAsync(MediaGap gap, CancellationToken cancellationToken)
    {
        _events.Enqueue("gap:" + gap.Cause);
        return ValueTask.CompletedTask;
    }

    public ValueTask PauseAsync(TimeSpan at, string reason, CancellationToken cancellationToken)
    {
        _events.Enqueue("pause:" + reason);
        Paused.TrySetResult();
        return ValueTask.CompletedTask;
    }

    public ValueTask ResumeAsync(TimeSpan at, CancellationToken cancellationToken)
    {
        _events.Enqueue("resume");
        Resumed.TrySetResult();
        return ValueTask.CompletedTask;
    }

    public ValueTask UpdateMetadataAsync(RecordingMetadata metadata, CancellationToken cancellationToken)
    {
        _metadata.Enqueue(metadata);
        _events.Enqueue("metadata");
        MetadataUpdated.TrySetResult(metadata);
        return ValueTask.CompletedTask;
    }

    public Task EndAsync(SessionEndReason reason, CancellationToken cancellationToken)
    {
        _events.Enqueue("end:" + reason);
        Ended.TrySetResult(reason);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _events.Enqueue("dispose");
        return ValueTask.CompletedTask;
    }
}
