using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using Grid.Storage.Log;

namespace Grid.Storage;

/// <summary>
/// Counts every request the Grid sends to Azure Storage (each retry too) and the body bytes it writes: what a
/// customer pays for, reported by the load test as storage operations per call-minute. Each request is tagged with
/// its <c>operation</c>: the method, the <c>comp</c> of the query and what the request is about (log segment, call
/// manifest, grain state of one grain type, a table, a queue), never a tenant's or a call's id, so the tag stays a
/// small set and says where a call's requests go.
/// </summary>
internal sealed class StorageRequestCounter(string service) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        RecordingLogMetrics.StorageRequests.Add(
            1,
            new KeyValuePair<string, object?>("service", service),
            new KeyValuePair<string, object?>("method", message.Request.Method.Method),
            new KeyValuePair<string, object?>("operation", Operation(service, message.Request.Method.Method, message.Request.Uri.ToUri())));
        if (message.Request.Content is { } content && content.TryComputeLength(out var length))
        {
            RecordingLogMetrics.StorageBytesWritten.Add(length);
        }
    }

    /// <summary>A bounded name for the request: <c>blob PUT appendblock log</c>, <c>table POST gridcatalog</c>.</summary>
    internal static string Operation(string service, string method, Uri uri)
    {
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // Path-style addressing (the emulator, an IP or localhost) names the account first.
        var skip = uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || uri.IsLoopback ? 1 : 0;
        var path = segments.Skip(skip).Select(s => WebUtility.UrlDecode(s) ?? s).ToArray();
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        var comp = query["comp"] ?? query["restype"] ?? "-";
        var about = service switch
        {
            "blob" => BlobKind(path),
            "table" => path.Length == 0 ? "-" : Bounded(path[0].Split('(')[0]),
            "queue" => path.Length == 0 ? "-" : Bounded(path[0]),
            _ => "-",
        };
        return $"{service} {method} {comp} {about}";
    }

    private static string BlobKind(string[] path)
    {
        if (path.Length == 0)
        {
            return "account";
        }

        var container = path[0];

        if (path.Length == 1)
        {
            return "container";
        }

        var blob = path[1];
        var nested = path.Skip(1).ToArray();
        return container switch
        {
            _ when container.StartsWith("rec-", StringComparison.Ordinal) => blob switch
            {
                "log" => "log",
                "calls" => $"calls/{nested[^1]}",
                "recordings" => "recordings",
                _ => "rec/other",
            },
            "grid-state" or "grid-pubsub" => $"{container}/{Bounded(blob.Split('/', '_', '-', '.')[0])}",
            _ => Bounded(container),
        };
    }

    /// <summary>Digits dropped (queues and tables numbered per partition count once).</summary>
    private static string Bounded(string name) => name.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-');
}
