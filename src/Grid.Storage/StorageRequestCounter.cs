using Azure.Core;
using Azure.Core.Pipeline;
using Grid.Storage.Log;

namespace Grid.Storage;

/// <summary>
/// Counts every request the Grid sends to Azure Storage (each retry too) and the body bytes it writes: what a
/// customer pays for, reported by the load test as storage operations per call-minute.
/// </summary>
internal sealed class StorageRequestCounter(string service) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        RecordingLogMetrics.StorageRequests.Add(1, new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("method", message.Request.Method.Method));
        if (message.Request.Content is { } content && content.TryComputeLength(out var length))
        {
            RecordingLogMetrics.StorageBytesWritten.Add(length);
        }
    }
}
