using Grid.Calls;
using Grid.Crypto.Format;
using Grid.Errors;
using Grid.Grains.Calls;
using Grid.Storage.Log;

namespace Grid.Tests.Log;

/// <summary>The log's formats and the call's pure rules, without storage or a cluster.</summary>
public sealed class LogFormatTests
{
    private static LogRecord Record(string callId, long sequence, int length, byte fill) =>
        new(callId, sequence, Enumerable.Repeat((byte)(fill + 1), LogExtent.TagLength).ToArray(), Enumerable.Repeat(fill, length).ToArray());

    [Fact]
    public void A_batch_header_lists_every_frame_at_the_offset_where_its_bytes_are()
    {
        var records = new[] { Record("call-a", 7, 40, 0xA1), Record("call-bb", 0, 1, 0xB2), Record("call-a", 8, 300, 0xC3) };
        var buffer = new byte[LogBatch.SizeOf(records)];

        var headerLength = LogBatch.Write(records, buffer);
        Assert.True(LogBatch.TryReadLengths(buffer, out var readHeader, out var body));
        var entries = LogBatch.ReadEntries(buffer.AsSpan(0, headerLength), "log/w-0/000003", 1000);

        Assert.Equal(headerLength, readHeader);
        Assert.Equal(341, body);
        Assert.Equal(buffer.Length, headerLength + body);
        Assert.Equal(["call-a", "call-bb", "call-a"], entries.Select(e => e.CallId));
        Assert.Equal([7L, 0L, 8L], entries.Select(e => e.Extent.Sequence));
        Assert.Equal([1000L + headerLength, 1000L + headerLength + 40, 1000L + headerLength + 41], entries.Select(e => e.Extent.Offset));
        for (var i = 0; i < records.Length; i++)
        {
            var extent = entries[i].Extent;
            Assert.Equal("log/w-0/000003", extent.Segment);
            Assert.Equal(records[i].Tag, extent.Tag);
            Assert.Equal(records[i].Frame, buffer.AsSpan((int)(extent.Offset - 1000), extent.Length).ToArray());
        }
    }

    [Fact]
    public void Bytes_that_are_not_a_batch_end_a_scan()
    {
        Assert.False(LogBatch.TryReadLengths("RGLX\u0001"u8.ToArray().Concat(new byte[20]).ToArray(), out _, out _));
        Assert.False(LogBatch.TryReadLengths(new byte[10], out _, out _));
    }

    [Fact]
    public void A_manifest_keeps_the_latest_header_the_first_extent_of_a_sequence_and_the_final_frame()
    {
        var extents1 = new[] { new LogExtent(0, "log/w-0/000000", 17, 45, new byte[12]), new LogExtent(1, "log/w-1/000002", 99, 46, Enumerable.Repeat((byte)9, 12).ToArray()) };
        var extents2 = new[] { new LogExtent(1, "log/w-0/000005", 5, 46, new byte[12]), new LogExtent(4, "log/w-0/000005", 51, 47, new byte[12]) };
        byte[] bytes = [.. RecordingManifest.EncodeHeader([1, 2, 3]), .. RecordingManifest.EncodeExtents(extents1), .. RecordingManifest.EncodeHeader([4, 5]), .. RecordingManifest.EncodeExtents(extents2), .. RecordingManifest.EncodeFinal([6, 7, 8, 9])];

        var manifest = RecordingManifest.Decode(bytes);

        Assert.Equal([4, 5], manifest.Header);
        Assert.Equal([6, 7, 8, 9], manifest.FinalFrame);
        Assert.Equal([0L, 1L, 4L], manifest.Extents.Keys);
        Assert.Equal(extents1[1] with { Tag = [] }, manifest.Extents[1] with { Tag = [] });
        Assert.Equal(extents1[1].Tag, manifest.Extents[1].Tag);
        Assert.Throws<FormatException>(() => RecordingManifest.Decode(bytes[..^2]));
    }

    [Fact]
    public void A_relocation_moves_only_frames_the_manifest_knows_and_the_latest_wins()
    {
        var known = new[] { new LogExtent(0, "log/w-0/000000", 17, 45, new byte[12]), new LogExtent(1, "log/w-0/000000", 62, 46, new byte[12]) };
        var moved = new[] { new LogExtent(1, "log/c1-c/000000", 30, 46, new byte[12]), new LogExtent(9, "log/c1-c/000000", 76, 40, new byte[12]) };
        var movedAgain = new[] { new LogExtent(1, "log/c2-c/000003", 8, 46, new byte[12]) };
        byte[] bytes = [.. RecordingManifest.EncodeExtents(known), .. RecordingManifest.EncodeFinal([1]), .. RecordingManifest.EncodeRelocation(moved), .. RecordingManifest.EncodeRelocation(movedAgain)];

        var manifest = RecordingManifest.Decode(bytes);

        Assert.Equal([0L, 1L], manifest.Extents.Keys);
        Assert.Equal(known[0], manifest.Extents[0] with { Tag = known[0].Tag });
        Assert.Equal(("log/c2-c/000003", 8L), (manifest.Extents[1].Segment, manifest.Extents[1].Offset));
        Assert.Equal([1], manifest.FinalFrame);
    }

    [Fact]
    public void A_seal_plan_counts_the_durable_chunks_and_reports_the_gaps()
    {
        var plan = SealPlan.From([(5, 10), (0, 3), (1, 4), (7, 1)]);
        var sealedAt = DateTimeOffset.Parse("2026-11-29T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        var summary = plan.Summary("t-1", "c-1", sealedAt.AddMinutes(-3), sealedAt, sealedAt.AddDays(30));

        Assert.Equal(new RecordingTrailer(4, 18, [new SequenceRange(0, 1), new SequenceRange(5, 5), new SequenceRange(7, 7)]).Encode(), plan.Trailer.Encode());
        Assert.Equal([new SequenceRange(2, 4), new SequenceRange(6, 6)], summary.Gaps);
        Assert.Equal((4L, 18L, 0L, 7L), (summary.ChunkCount, summary.MediaBytes, summary.FirstSequence!.Value, summary.LastSequence!.Value));
        Assert.Equal(CallStatus.Sealed, summary.Status);
        Assert.Empty(SealPlan.From([]).Gaps);
    }

    [Fact]
    public void The_lifecycle_refuses_each_step_out_of_order_with_its_typed_error()
    {
        var state = new CallState();
        var lifecycle = new CallLifecycle(state);

        Assert.Equal(GridErrorCode.CallNotStarted, Assert.Throws<CallStateException>(lifecycle.RequireRecording).Code);
        Assert.Equal(GridErrorCode.CallNotStarted, Assert.Throws<CallStateException>(() => lifecycle.CanSeal()).Code);
        Assert.Throws<RecordingNotFoundException>(lifecycle.RequireSealed);

        lifecycle.Start([1], [2], [3], DateTimeOffset.UnixEpoch, "sales", [new LogPosition("w-0", 2, 100)]);
        lifecycle.RequireRecording();
        Assert.Equal(GridErrorCode.CallNotSealed, Assert.Throws<CallStateException>(lifecycle.RequireSealed).Code);
        Assert.True(lifecycle.CanSeal());

        lifecycle.BeginSeal();
        Assert.Equal(GridErrorCode.CallSealed, Assert.Throws<CallStateException>(lifecycle.RequireRecording).Code);

        var summary = new CallSummary { TenantId = "t", CallId = "c", Status = CallStatus.Sealed, RetainUntil = DateTimeOffset.UnixEpoch.AddDays(1) };
        lifecycle.Seal(summary);
        Assert.False(lifecycle.CanSeal());
        Assert.Equal(summary.RetainUntil, state.RetainUntil);
        lifecycle.RequireSealed();

        lifecycle.Delete(summary, DateTimeOffset.UnixEpoch.AddDays(2), "request");
        Assert.Null(state.Header);
        Assert.Empty(state.Lanes);
        Assert.Throws<RecordingDeletedException>(lifecycle.RequireExisting);
        Assert.Throws<RecordingDeletedException>(lifecycle.RequireRecording);
    }
}
