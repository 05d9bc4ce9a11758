using System.Diagnostics;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Grid.Calls;
using Grid.Storage;
using Grid.Storage.Log;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Grid.LoadTest.Scenarios;

/// <summary>
/// Compaction, measured apart from the hot path: after the load, every other recording of the run is deleted (as
/// erasure would, scattered through the segments), then the collector runs with no grace: it copies the live frames
/// out of the segments they shared with deleted ones, and the next collection deletes the old segments.
/// </summary>
public static class CompactionRun
{
    public sealed record Outcome(
        int Recordings,
        int Deleted,
        int SegmentsBefore,
        long LogBytesBefore,
        int SegmentsCompacted,
        int SegmentsDeleted,
        long BytesCopied,
        int SegmentsAfter,
        long LogBytesAfter,
        double Seconds,
        double CopyMegabytesPerSecond,
        double BytesCopiedPerLiveByte);

    public static async Task<Outcome> MeasureAsync(IServiceProvider silo, string connectionString, string tenantId)
    {
        var store = silo.GetRequiredService<RecordingStore>();
        var manifests = silo.GetRequiredService<ManifestStore>();
        var collector = new LogCollector(store, manifests, silo.GetRequiredService<LogScanner>(), Options.Create(new RecordingLogOptions { CompactionGrace = TimeSpan.Zero }));
        var grains = silo.GetRequiredService<IGrainFactory>();
        var calls = new List<string>();
        await foreach (var callId in store.ListCallIdsAsync(tenantId, CancellationToken.None))
        {
            calls.Add(callId);
        }

        calls.Sort(StringComparer.Ordinal);
        var doomed = calls.Where((_, i) => i % 2 == 0).ToList();
        await Parallel.ForEachAsync(doomed, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (callId, _) =>
            await grains.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId)).DeleteAsync("request", "grid:load-test"));

        var container = new BlobServiceClient(connectionString).GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));
        var (segmentsBefore, bytesBefore) = await LogSizeAsync(container);
        var clock = Stopwatch.StartNew();
        var first = await collector.CollectAsync(tenantId, CancellationToken.None);
        var second = await collector.CollectAsync(tenantId, CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;
        var (segmentsAfter, bytesAfter) = await LogSizeAsync(container);
        return new Outcome(
            calls.Count,
            doomed.Count,
            segmentsBefore,
            bytesBefore,
            first.Compacted + second.Compacted,
            first.Deleted + second.Deleted,
            first.BytesCopied + second.BytesCopied,
            segmentsAfter,
            bytesAfter,
            seconds,
            (first.BytesCopied + second.BytesCopied) / seconds / 1e6,
            bytesAfter == 0 ? 0 : (first.BytesCopied + second.BytesCopied) / (double)bytesAfter);
    }

    private static async Task<(int Segments, long Bytes)> LogSizeAsync(BlobContainerClient container)
    {
        int segments = 0;
        long bytes = 0;
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "log/", CancellationToken.None))
        {
            segments++;
            bytes += blob.Properties.ContentLength ?? 0;
        }

        return (segments, bytes);
    }
}
