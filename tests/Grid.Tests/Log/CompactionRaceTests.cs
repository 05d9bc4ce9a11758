using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Grid.Storage;
using Grid.Storage.Log;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Log;

/// <summary>
/// The two ways compaction can be cut short, driven through the compactor itself so that each step happens exactly
/// between the others: a lane writes to the segment after the collector judged it (the mark is refused), and a
/// relocation is interrupted after the mark (some recordings still point at the marked segment). In both, every
/// kept frame stays readable at the position its manifest gives, and the next collections finish the job.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class CompactionRaceTests(GridFixture fixture)
{
    private static readonly RecordingLogOptions Options = new() { Lanes = 1, Linger = TimeSpan.Zero, CompactionGrace = TimeSpan.Zero };

    [Fact]
    public async Task A_segment_written_to_after_it_was_judged_is_neither_marked_nor_pointed_away_from()
    {
        var parts = LogParts.Create(fixture, Options);
        var tenantId = "t-race-" + Guid.NewGuid().ToString("N")[..8];
        var kept = await WriteAsync(parts, tenantId, "kept");
        var judged = (await parts.Scanner.ReadSegmentAsync(tenantId, kept[0].Segment, default))!;
        var late = await parts.Log.AppendAsync(tenantId, LogParts.Frame("late", 0)); // the lane writes on after the judgement

        var marked = await new LogCompactor(parts.Store, parts.Manifests, Options).CompactAsync(tenantId, judged, [.. kept.Select(e => ("kept", e))], DateTimeOffset.UtcNow, default);

        Assert.Equal(kept[0].Segment, late.Segment);
        Assert.Null(marked);
        Assert.Equal(Positions(kept), Positions((await parts.Manifests.ReadAsync(tenantId, "kept", default))!.Extents.Values));
        var source = await Container(tenantId).GetBlobClient(kept[0].Segment).GetPropertiesAsync();
        Assert.Null(LogSegmentRead.CompactedMark(source.Value.Metadata));

        // The unused copies are dead: the next collection deletes them and compacts the segment as it is now; the one
        // after deletes the segment. Only the kept recording's frames remain, where its manifest says.
        var next = await parts.Collector.CollectAsync(tenantId, default);
        var last = await parts.Collector.CollectAsync(tenantId, default);

        var bytes = kept.Sum(e => (long)e.Length);
        Assert.Equal(new LogCollection(1, 1, bytes), next);
        Assert.Equal(new LogCollection(1, 0, 0), last);
        await AssertOnlyAsync(parts, tenantId, ["kept"], bytes);
        parts.Log.Dispose();
    }

    [Fact]
    public async Task A_relocation_interrupted_after_the_mark_is_finished_by_the_next_collection()
    {
        var parts = LogParts.Create(fixture, Options);
        var tenantId = "t-race-" + Guid.NewGuid().ToString("N")[..8];
        var a = await WriteAsync(parts, tenantId, "a");
        var b = await WriteAsync(parts, tenantId, "b");
        var judged = (await parts.Scanner.ReadSegmentAsync(tenantId, a[0].Segment, default))!;

        // The state a compaction leaves when it stops after the mark and the first relocation: the segment is marked,
        // "a" points at its copies, "b" still points at the marked segment.
        var marked = await new LogCompactor(parts.Store, parts.Manifests, Options).CompactAsync(tenantId, judged, [.. a.Select(e => ("a", e))], DateTimeOffset.UtcNow, default);
        Assert.Equal(a[0].Segment, b[^1].Segment);
        Assert.NotNull(marked);
        Assert.Equal(Positions(b), Positions((await parts.Manifests.ReadAsync(tenantId, "b", default))!.Extents.Values));
        Assert.All((await parts.Manifests.ReadAsync(tenantId, "a", default))!.Extents.Values, e => Assert.NotEqual(a[0].Segment, e.Segment));

        // A marked segment with live frames is not deleted: it is compacted again, and deleted by the collection after.
        var next = await parts.Collector.CollectAsync(tenantId, default);
        var last = await parts.Collector.CollectAsync(tenantId, default);

        Assert.Equal(new LogCollection(0, 1, b.Sum(e => (long)e.Length)), next);
        Assert.Equal(new LogCollection(1, 0, 0), last);
        Assert.False((await Container(tenantId).GetBlobClient(a[0].Segment).ExistsAsync()).Value);
        await AssertOnlyAsync(parts, tenantId, ["a", "b"], a.Concat(b).Sum(e => (long)e.Length));
        parts.Log.Dispose();
    }

    // Three frames of a sealed recording, each next to a frame of a deleted one (no manifest), all in one segment.
    private static async Task<List<LogExtent>> WriteAsync(LogParts parts, string tenantId, string callId)
    {
        var extents = new List<LogExtent>();
        for (var s = 0; s < 3; s++)
        {
            extents.Add(await parts.Log.AppendAsync(tenantId, LogParts.Frame(callId, s)));
            _ = await parts.Log.AppendAsync(tenantId, LogParts.Frame("erased-" + callId, s));
        }

        await parts.Manifests.AppendAsync(tenantId, callId, [.. RecordingManifest.EncodeExtents(extents), .. RecordingManifest.EncodeFinal([7])], default);
        return extents;
    }

    // The container holds the recordings' manifests and log segments holding exactly their frames, each where its
    // manifest says; no byte of a deleted recording's frames is stored anywhere.
    private async Task AssertOnlyAsync(LogParts parts, string tenantId, string[] callIds, long frameBytes)
    {
        var container = Container(tenantId);
        var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, default))
        {
            blobs[blob.Name] = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
        }

        var segments = new HashSet<string>(StringComparer.Ordinal);
        foreach (var callId in callIds)
        {
            foreach (var (sequence, extent) in (await parts.Manifests.ReadAsync(tenantId, callId, default))!.Extents)
            {
                Assert.Equal(LogParts.Frame(callId, sequence).Frame, blobs[extent.Segment].AsSpan((int)extent.Offset, extent.Length).ToArray());
                segments.Add(extent.Segment);
            }

            for (var s = 0; s < 3; s++)
            {
                Assert.All(blobs.Values, content => Assert.Equal(-1, content.AsSpan().IndexOf(LogParts.Frame("erased-" + callId, s).Frame)));
            }
        }

        Assert.Equal(callIds.Select(ManifestStore.BlobName).Concat(segments).Order(StringComparer.Ordinal), blobs.Keys.Order(StringComparer.Ordinal));
        // Each recording's frames were copied in one batch of its own: the segments hold those batches and nothing else.
        Assert.Equal(callIds.Sum(c => LogBatch.FixedHeaderLength + (3 * LogBatch.EntryLength(c))) + frameBytes, segments.Sum(s => (long)blobs[s].Length));
    }

    private static List<(long, string, long, int)> Positions(IEnumerable<LogExtent> extents) => [.. extents.Select(e => (e.Sequence, e.Segment, e.Offset, e.Length))];

    private BlobContainerClient Container(string tenantId) =>
        new BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));
}
