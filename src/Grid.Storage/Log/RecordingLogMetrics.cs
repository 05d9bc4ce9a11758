using System.Diagnostics.Metrics;

namespace Grid.Storage.Log;

/// <summary>Instruments of the group-commit log and of storage requests (meter <c>Grid.Storage</c>).</summary>
public static class RecordingLogMetrics
{
    public const string MeterName = "Grid.Storage";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Frames per group-commit append.</summary>
    public static readonly Histogram<int> Batches = Meter.CreateHistogram<int>("grid.log.batch.frames", "{frame}", "Frames written by one group-commit append");

    /// <summary>Bytes per group-commit append.</summary>
    public static readonly Histogram<int> BatchBytes = Meter.CreateHistogram<int>("grid.log.batch.bytes", "By", "Bytes written by one group-commit append");

    /// <summary>Duration of one group-commit append (the storage write), in milliseconds.</summary>
    public static readonly Histogram<double> AppendDuration = Meter.CreateHistogram<double>("grid.log.append.duration", "ms", "Duration of one group-commit append to a log segment");

    /// <summary>From a frame's arrival in the queue to its durable append, in milliseconds.</summary>
    public static readonly Histogram<double> FrameDuration = Meter.CreateHistogram<double>("grid.log.frame.duration", "ms", "Time from a frame's arrival at the group commit to its durable append");

    /// <summary>Every HTTP request sent to Azure Storage (each retry counts), by method.</summary>
    public static readonly Counter<long> StorageRequests = Meter.CreateCounter<long>("grid.storage.requests", "{request}", "Requests sent to Azure Storage");

    /// <summary>Bytes sent to Azure Storage in request bodies.</summary>
    public static readonly Counter<long> StorageBytesWritten = Meter.CreateCounter<long>("grid.storage.bytes_written", "By", "Request body bytes sent to Azure Storage");
}
