using Grid.Sip.Media;
using Grid.Sip.Metadata;
using Grid.Sip.Recording;

namespace Grid.Sip.Tests.Support;

/// <summary>
/// A sink that records every call in order, checks that calls never overlap, and can be told to fail or stall.
/// </summary>
internal sealed class RecordingSinkFake : IRecordingSink
{
    private readonly Lock gate = new();
    private int active;

    public List<string> Calls { get; } = [];

    public List<MediaChunk> Chunks { get; } = [];

    public List<MediaGap> Gaps { get; } = [];

    public List<(TimeSpan At, string Reason)> Pauses { get; } = [];

    public List<TimeSpan> Resumes { get; } = [];

    public List<RecordingMetadata> Metadata { get; } = [];

    public SessionEndReason? EndReason { get; private set; }

    public bool Overlapped { get; private set; }

    /// <summary>Runs inside AppendAsync before the chunk is recorded (throw to fail, await to stall).</summary>
    public Func<MediaChunk, CancellationToken, Task>? OnAppend { get; set; }

    public async ValueTask AppendAsync(MediaChunk chunk, CancellationToken cancellationToken)
    {
        Enter();
        try
        {
            if (OnAppend is { } hook)
            {
                await hook(chunk, cancellationToken);
            }

            Record($"append {Ms(chunk.Offset)}+{Ms(chunk.Duration)}", () => Chunks.Add(chunk));
        }
        finally
        {
            Exit();
        }
    }

    public ValueTask ReportGapAsync(MediaGap gap, CancellationToken cancellationToken) =>
        Call($"gap {gap.Channel} {Ms(gap.From)}-{Ms(gap.To)} {gap.Cause}", () => Gaps.Add(gap));

    public ValueTask PauseAsync(TimeSpan at, string reason, CancellationToken cancellationToken) =>
        Call($"pause {Ms(at)}", () => Pauses.Add((at, reason)));

    public ValueTask ResumeAsync(TimeSpan at, CancellationToken cancellationToken) =>
        Call($"resume {Ms(at)}", () => Resumes.Add(at));

    public ValueTask UpdateMetadataAsync(RecordingMetadata metadata, CancellationToken cancellationToken) =>
        Call("metadata", () => Metadata.Add(metadata));

    public Task EndAsync(SessionEndReason reason, CancellationToken cancellationToken) =>
        Call($"end {reason}", () => EndReason = reason).AsTask();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The calls so far, as "append 0+200" etc.</summary>
    public string[] CallLog()
    {
        lock (gate)
        {
            return [.. Calls];
        }
    }

    /// <summary>One channel's bytes (bytesPerSample each) from all chunks, checking that the chunks are contiguous from 0.</summary>
    public byte[] Channel(int channel, MediaFormat format)
    {
        lock (gate)
        {
            var expected = TimeSpan.Zero;
            var result = new List<byte>();
            var frame = format.Channels * format.BytesPerSample;
            foreach (var chunk in Chunks)
            {
                Assert.Equal(expected, chunk.Offset);
                Assert.Equal(chunk.Duration.Ticks * format.SampleRate / TimeSpan.TicksPerSecond * frame, chunk.Data.Length);
                expected += chunk.Duration;
                var data = chunk.Data.Span;
                for (var at = 0; at < data.Length; at += frame)
                {
                    for (var b = 0; b < format.BytesPerSample; b++)
                    {
                        result.Add(data[at + (channel * format.BytesPerSample) + b]);
                    }
                }
            }

            return [.. result];
        }
    }

    private static long Ms(TimeSpan time) => (long)time.TotalMilliseconds;

    private ValueTask Call(string entry, Action record)
    {
        Enter();
        try
        {
            Record(entry, record);
            return ValueTask.CompletedTask;
        }
        finally
        {
            Exit();
        }
    }

    private void Record(string entry, Action record)
    {
        lock (gate)
        {
            Calls.Add(entry);
            record();
        }
    }

    private void Enter()
    {
        if (Interlocked.Increment(ref active) != 1)
        {
            Overlapped = true;
        }
    }

    private void Exit() => Interlocked.Decrement(ref active);
}
