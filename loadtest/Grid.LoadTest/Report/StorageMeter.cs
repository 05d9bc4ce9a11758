using System.Diagnostics.Metrics;
using Grid.Storage.Log;

namespace Grid.LoadTest.Report;

/// <summary>
/// Listens to the silo's storage instruments (meter <c>Grid.Storage</c>) in this process: every request sent to
/// Azure Storage, the bytes written, and the group-commit batches.
/// </summary>
public sealed class StorageMeter : IDisposable
{
    private readonly MeterListener listener = new();
    private long requests;
    private long queueRequests;
    private long tableRequests;
    private long bytesWritten;
    private long batches;
    private long batchBytes;
    private long batchFrames;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> operations = new(StringComparer.Ordinal);

    public StorageMeter()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name is RecordingLogMetrics.MeterName or "Grid")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "grid.storage.requests")
            {
                Interlocked.Add(ref requests, value);
                foreach (var tag in tags)
                {
                    if (tag.Key == "operation" && tag.Value is string operation)
                    {
                        operations.AddOrUpdate(operation, value, (_, v) => v + value);
                    }

                    if (tag.Key == "service" && tag.Value is "queue")
                    {
                        Interlocked.Add(ref queueRequests, value);
                    }
                    else if (tag.Key == "service" && tag.Value is "table")
                    {
                        Interlocked.Add(ref tableRequests, value);
                    }
                }
            }
            else if (instrument.Name == "grid.storage.bytes_written")
            {
                Interlocked.Add(ref bytesWritten, value);
            }
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            if (instrument.Name == "grid.log.batch.bytes")
            {
                Interlocked.Increment(ref batches);
                Interlocked.Add(ref batchBytes, value);
            }
            else if (instrument.Name == "grid.log.batch.frames")
            {
                Interlocked.Add(ref batchFrames, value);
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            var histogram = instrument.Name switch
            {
                "grid.log.append.duration" => LogAppendMicros,
                "grid.append.duration" => GrainAppendMicros,
                "grid.log.frame.duration" => FrameMicros,
                _ => null,
            };
            histogram?.RecordValue(Math.Max(1, (long)(value * 1000)));
        });
        listener.Start();
    }

    /// <summary>Storage append durations of the log (µs), since the last <see cref="ResetLatencies"/>.</summary>
    public HdrHistogram.LongConcurrentHistogram LogAppendMicros { get; } = new(1, HdrHistogram.TimeStamp.Seconds(60), 3);

    /// <summary>Append durations inside the call grain (µs): receipt to durable acknowledgement.</summary>
    public HdrHistogram.LongConcurrentHistogram GrainAppendMicros { get; } = new(1, HdrHistogram.TimeStamp.Seconds(60), 3);

    /// <summary>Frame arrival at the group commit to durable append (µs).</summary>
    public HdrHistogram.LongConcurrentHistogram FrameMicros { get; } = new(1, HdrHistogram.TimeStamp.Seconds(60), 3);

    public void ResetLatencies()
    {
        FrameMicros.Reset();
        LogAppendMicros.Reset();
        GrainAppendMicros.Reset();
    }

    public Snapshot Now() => new(Interlocked.Read(ref requests), Interlocked.Read(ref queueRequests), Interlocked.Read(ref tableRequests), Interlocked.Read(ref bytesWritten), Interlocked.Read(ref batches), Interlocked.Read(ref batchBytes), Interlocked.Read(ref batchFrames))
    {
        Operations = new Dictionary<string, long>(operations, StringComparer.Ordinal),
        AllocatedBytes = GC.GetTotalAllocatedBytes(precise: false),
    };

    public void Dispose() => listener.Dispose();

    /// <summary>Counts since the listener started; queue and table requests are also in <see cref="Requests"/>.</summary>
    public readonly record struct Snapshot(long Requests, long QueueRequests, long TableRequests, long BytesWritten, long Batches, long BatchBytes, long BatchFrames)
    {
        /// <summary>Requests by operation (<c>blob PUT appendblock log</c>, ...): where they go.</summary>
        public IReadOnlyDictionary<string, long> Operations { get; init; } = new Dictionary<string, long>();

        /// <summary>Bytes allocated by this process (the silo's process in the load test) since it started.</summary>
        public long AllocatedBytes { get; init; }

        public static Snapshot operator -(Snapshot a, Snapshot b) =>
            new(a.Requests - b.Requests, a.QueueRequests - b.QueueRequests, a.TableRequests - b.TableRequests, a.BytesWritten - b.BytesWritten, a.Batches - b.Batches, a.BatchBytes - b.BatchBytes, a.BatchFrames - b.BatchFrames)
            {
                Operations = a.Operations.ToDictionary(o => o.Key, o => o.Value - b.Operations.GetValueOrDefault(o.Key), StringComparer.Ordinal),
                AllocatedBytes = a.AllocatedBytes - b.AllocatedBytes,
            };

        public long BlobRequests => Requests - QueueRequests - TableRequests;

        public double MeanBatchBytes => Batches == 0 ? 0 : BatchBytes / (double)Batches;

        public double MeanBatchFrames => Batches == 0 ? 0 : BatchFrames / (double)Batches;
    }
}
