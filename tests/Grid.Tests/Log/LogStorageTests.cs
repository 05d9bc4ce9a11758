using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Grid.Storage;
using Grid.Storage.Log;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Log;

/// <summary>The group-commit log against Azurite, without a cluster: what is stored, found and collected.</summary>
[Collection(GridCollection.Name)]
public sealed class LogStorageTests(GridFixture fixture)
{
    private (RecordingStore Store, RecordingLog Log, ManifestStore Manifests, LogScanner Scanner) Parts(int lanes = 1, int blocksPerSegment = 40_000)
    {
        var (store, log, manifests, scanner, _) = PartsWith(new RecordingLogOptions { Lanes = lanes, MaxBlocksPerSegment = blocksPerSegment });
        return (store, log, manifests, scanner);
    }

    private (RecordingStore Store, RecordingLog Log, ManifestStore Manifests, LogScanner Scanner, LogCollector Collector) PartsWith(RecordingLogOptions options)
    {
        var parts = LogParts.Create(fixture, options);
        return (parts.Store, parts.Log, parts.Manifests, parts.Scanner, parts.Collector);
    }

    private static LogRecord Frame(string callId, long sequence) => LogParts.Frame(callId, sequence);

    [Fact]
    public async Task Frames_of_many_calls_share_appends_and_each_lies_exactly_where_its_extent_says()
    {
        var (_, log, _, scanner) = Parts();
        var tenantId = "t-log-" + Guid.NewGuid().ToString("N")[..8];
        var start = (await log.BindAsync(tenantId))[0];
        var records = Enumerable.Range(0, 40).SelectMany(c => Enumerable.Range(0, 5).Select(s => Frame($"call-{c:D2}", s))).ToList();

        var extents = await Task.WhenAll(records.Select(r => log.AppendAsync(tenantId, r)));

        var container = new BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));
        var segment = container.GetAppendBlobClient(extents[0].Segment);
        var stored = (await segment.DownloadContentAsync()).Value.Content.ToArray();
        Assert.All(extents, e => Assert.Equal(extents[0].Segment, e.Segment));
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal(records[i].Frame, stored.AsSpan((int)extents[i].Offset, extents[i].Length).ToArray());
            Assert.Equal(records[i].Tag, extents[i].Tag);
        }

        Assert.InRange((await segment.GetPropertiesAsync()).Value.BlobCommittedBlockCount, 1, records.Count - 1);
        var found = await scanner.FindAsync(tenantId, start, "call-07", default);
        Assert.Equal([0L, 1L, 2L, 3L, 4L], found.Select(f => f.Sequence).Order());
        Assert.Equal(extents.Where((_, i) => records[i].CallId == "call-07").Select(e => e.Offset).Order(), found.Select(f => f.Offset).Order());
        log.Dispose();
    }

    [Fact]
    public async Task A_lane_rolls_to_new_segments_and_a_scan_follows_it_across_them()
    {
        var (_, log, _, scanner) = Parts(blocksPerSegment: 2);
        var tenantId = "t-log-" + Guid.NewGuid().ToString("N")[..8];
        var start = (await log.BindAsync(tenantId))[0];
        var extents = new List<LogExtent>();
        for (var s = 0; s < 7; s++)
        {
            extents.Add(await log.AppendAsync(tenantId, Frame("call-x", s)));
        }

        var found = await scanner.FindAsync(tenantId, start, "call-x", default);

        Assert.Equal(4, extents.Select(e => e.Segment).Distinct().Count());
        Assert.Equal(extents.Select(e => (e.Segment, e.Offset, e.Length)), found.OrderBy(f => f.Sequence).Select(e => (e.Segment, e.Offset, e.Length)));
        log.Dispose();
    }

    [Fact]
    public async Task Collection_removes_only_segments_whose_calls_are_all_gone()
    {
        var (store, log, manifests, scanner) = Parts(blocksPerSegment: 1);
        var tenantId = "t-log-" + Guid.NewGuid().ToString("N")[..8];
        var deleted = await log.AppendAsync(tenantId, Frame("gone", 0));
        var recording = await log.AppendAsync(tenantId, Frame("open", 0));
        var sealedExtent = await log.AppendAsync(tenantId, Frame("done", 0));
        await manifests.CreateAsync(tenantId, "open", default);
        await manifests.AppendAsync(tenantId, "done", [.. RecordingManifest.EncodeExtents([sealedExtent]), .. RecordingManifest.EncodeFinal([1, 2, 3])], default);

        var removed = (await new LogCollector(store, manifests, scanner).CollectAsync(tenantId, default)).Deleted;
        var after = await log.AppendAsync(tenantId, Frame("later", 0));

        var container = new BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "log/", default))
        {
            names.Add(blob.Name);
        }

        Assert.Equal(1, removed);
        Assert.Equal(new[] { recording.Segment, sealedExtent.Segment, after.Segment }.Order(StringComparer.Ordinal), names);
        Assert.DoesNotContain(deleted.Segment, names);
        Assert.NotEqual(sealedExtent.Segment, after.Segment);
        log.Dispose();
    }

    [Fact]
    public async Task An_idle_lane_whose_segment_was_collected_writes_on_in_a_new_segment()
    {
        var (store, log, manifests, scanner) = Parts();
        var tenantId = "t-log-" + Guid.NewGuid().ToString("N")[..8];
        var dead = await log.AppendAsync(tenantId, Frame("gone", 0));

        var removed = (await new LogCollector(store, manifests, scanner).CollectAsync(tenantId, default)).Deleted;
        var next = await log.AppendAsync(tenantId, Frame("later", 0));

        var container = new BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));
        Assert.Equal(1, removed);
        Assert.False((await container.GetBlobClient(dead.Segment).ExistsAsync()).Value);
        Assert.NotEqual(dead.Segment, next.Segment);
        Assert.Equal(Frame("later", 0).Frame, (await container.GetBlobClient(next.Segment).DownloadContentAsync()).Value.Content.ToArray().AsSpan((int)next.Offset, next.Length).ToArray());
        log.Dispose();
    }

    [Fact]
    public async Task Compaction_copies_the_live_frames_out_points_the_manifest_there_and_the_dead_bytes_go()
    {
        var (_, log, manifests, _, collector) = PartsWith(new RecordingLogOptions { Lanes = 1, Linger = TimeSpan.Zero, CompactionGrace = TimeSpan.Zero });
        var tenantId = "t-log-" + Guid.NewGuid().ToString("N")[..8];
        var kept = new List<LogExtent>();
        for (var s = 0; s < 3; s++)
        {
            kept.Add(await log.AppendAsync(tenantId, Frame("kept", s)));
            _ = await log.AppendAsync(tenantId, Frame("erased", s)); // its manifest is gone: the recording was deleted
        }

        await manifests.AppendAsync(tenantId, "kept", [.. RecordingManifest.EncodeExtents(kept), .. RecordingManifest.EncodeFinal([7, 7])], default);
        var container = new BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));

        var first = await collector.CollectAsync(tenantId, default);
        var moved = (await manifests.ReadAsync(tenantId, "kept", default))!;
        var second = await collector.CollectAsync(tenantId, default);

        Assert.Equal(new LogCollection(0, 1, kept.Sum(e => (long)e.Length)), first);
        Assert.Equal(new LogCollection(1, 0, 0), second);
        Assert.Equal([0L, 1L, 2L], moved.Extents.Keys);
        Assert.All(moved.Extents.Values, e => Assert.NotEqual(kept[0].Segment, e.Segment));
        Assert.Equal([7, 7], moved.FinalFrame);
        var names = new List<string>();
        var everything = new List<byte>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, default))
        {
            names.Add(blob.Name);
            everything.AddRange((await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray());
        }

        Assert.Equal(new[] { moved.Extents[0].Segment, ManifestStore.BlobName("kept") }.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        var segment = (await container.GetBlobClient(moved.Extents[0].Segment).DownloadContentAsync()).Value.Content.ToArray();
        foreach (var (sequence, extent) in moved.Extents)
        {
            Assert.Equal(Frame("kept", sequence).Frame, segment.AsSpan((int)extent.Offset, extent.Length).ToArray());
            Assert.Equal(-1, everything.ToArray().AsSpan().IndexOf(Frame("erased", sequence).Frame));
        }

        // A recording deleted meanwhile: its manifest is never brought back by a relocation.
        Assert.False(await manifests.AppendIfExistsAsync(tenantId, "erased", RecordingManifest.EncodeRelocation([kept[0]]), default));
        Assert.Null(await manifests.ReadAsync(tenantId, "erased", default));
        log.Dispose();
    }

    [Fact]
    public async Task A_segment_is_compacted_only_after_it_has_been_still_for_the_grace()
    {
        var (_, log, manifests, _, collector) = PartsWith(new RecordingLogOptions { Lanes = 1, Linger = TimeSpan.Zero, CompactionGrace = TimeSpan.FromHours(1) });
        var tenantId = "t-log-" + Guid.NewGuid().ToString("N")[..8];
        var kept = await log.AppendAsync(tenantId, Frame("kept", 0));
        _ = await log.AppendAsync(tenantId, Frame("erased", 0));
        await manifests.AppendAsync(tenantId, "kept", [.. RecordingManifest.EncodeExtents([kept]), .. RecordingManifest.EncodeFinal([7])], default);

        var collected = await collector.CollectAsync(tenantId, default);

        Assert.Equal(new LogCollection(0, 0, 0), collected);
        var still = (await manifests.ReadAsync(tenantId, "kept", default))!.Extents[0];
        Assert.Equal(kept, still with { Tag = kept.Tag });
        Assert.Equal(kept.Tag, still.Tag);
        log.Dispose();
    }
}
