using Grid.Calls;
using Grid.Client;
using Grid.Errors;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grid.Tests.Cluster;

[Collection(GridCollection.Name)]
public sealed class RecordingPathTests(GridFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    private ICallGrain Call(string tenantId, string callId) => Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));

    [Fact]
    public async Task Recorder_sdk_round_trip_returns_the_exact_bytes_across_several_part_blobs()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var callId = TestTenants.NewCallId();
        var recorder = fixture.Cluster.ServiceProvider.GetRequiredService<GridRecorder>();
        var playback = fixture.Cluster.ServiceProvider.GetRequiredService<GridPlayback>();
        var media = TestTenants.RandomBytes(11 * 1000 + 123, seed: 1);

        await using (var session = await recorder.StartCallAsync(tenantId, callId, TestTenants.Metadata()))
        {
            for (var offset = 0; offset < media.Length; offset += 1000)
            {
                await session.SendAsync(media.AsMemory(offset, Math.Min(1000, media.Length - offset)));
            }

            var summary = await session.EndAsync();
            Assert.Equal(12, summary.ChunkCount);
            Assert.Equal(media.Length, summary.MediaBytes);
            Assert.Equal(0, summary.FirstSequence);
            Assert.Equal(11, summary.LastSequence);
            Assert.Empty(summary.Gaps);
            Assert.Equal(CallStatus.Sealed, summary.Status);
            Assert.Equal(12, session.Acknowledged);
        }

        using var played = new MemoryStream();
        var written = await playback.CopyToAsync(tenantId, callId, played);
        Assert.Equal(media.Length, written);
        Assert.Equal(media, played.ToArray());
    }

    [Fact]
    public async Task Playback_yields_one_element_per_chunk_in_sequence_order()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var callId = TestTenants.NewCallId();
        var call = Call(tenantId, callId);
        await call.StartAsync(TestTenants.Metadata());
        var chunks = Enumerable.Range(0, 6).Select(i => TestTenants.RandomBytes(100 + i, seed: 10 + i)).ToArray();
        foreach (var seq in new[] { 3, 1, 5, 0, 2, 4 })
        {
            var ack = await call.AppendAsync(seq, chunks[seq]);
            Assert.Equal(new AppendResult(seq, Duplicate: false), ack);
        }

        await call.EndAsync();
        var played = new List<byte[]>();
        await foreach (var chunk in call.ReadMediaAsync())
        {
            played.Add(chunk);
        }

        Assert.Equal(chunks, played);
    }

    [Fact]
    public async Task Duplicate_chunk_is_acknowledged_again_and_stored_once()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var callId = TestTenants.NewCallId();
        var call = Call(tenantId, callId);
        await call.StartAsync(TestTenants.Metadata());
        var chunk = TestTenants.RandomBytes(500, seed: 2);

        Assert.False((await call.AppendAsync(0, chunk)).Duplicate);
        Assert.True((await call.AppendAsync(0, chunk)).Duplicate);
        Assert.True((await call.AppendAsync(0, chunk)).Duplicate);
        var summary = await call.EndAsync();

        Assert.Equal(1, summary.ChunkCount);
        Assert.Equal(500, summary.MediaBytes);
        Assert.Equal(chunk, await TestTenants.PlayAsync(Client, tenantId, callId));
    }

    [Fact]
    public async Task Same_sequence_with_different_content_is_a_conflict_and_changes_nothing()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var callId = TestTenants.NewCallId();
        var call = Call(tenantId, callId);
        await call.StartAsync(TestTenants.Metadata());
        var first = TestTenants.RandomBytes(300, seed: 3);
        await call.AppendAsync(7, first);

        var sameLength = await Assert.ThrowsAsync<CallStateException>(() => call.AppendAsync(7, TestTenants.RandomBytes(300, seed: 4)));
        var otherLength = await Assert.ThrowsAsync<CallStateException>(() => call.AppendAsync(7, TestTenants.RandomBytes(301, seed: 4)));

        Assert.Equal(GridErrorCode.ChunkConflict, sameLength.Code);
        Assert.Equal(GridErrorCode.ChunkConflict, otherLength.Code);
        await call.EndAsync();
        Assert.Equal(first, await TestTenants.PlayAsync(Client, tenantId, callId));
    }

    [Fact]
    public async Task Out_of_order_chunks_with_a_gap_play_back_in_order_and_the_gap_is_reported()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var callId = TestTenants.NewCallId();
        var call = Call(tenantId, callId);
        await call.StartAsync(TestTenants.Metadata());
        var chunks = Enumerable.Range(0, 10).Select(i => TestTenants.RandomBytes(64, seed: 100 + i)).ToArray();
        foreach (var seq in new[] { 9, 0, 5, 1, 8, 6 })
        {
            await call.AppendAsync(seq, chunks[seq]);
        }

        var summary = await call.EndAsync();

        Assert.Equal(6, summary.ChunkCount);
        Assert.Equal(6 * 64, summary.MediaBytes);
        Assert.Equal([new SequenceRange(2, 4), new SequenceRange(7, 7)], summary.Gaps);
        var expected = new[] { 0, 1, 5, 6, 8, 9 }.SelectMany(i => chunks[i]).ToArray();
        Assert.Equal(expected, await TestTenants.PlayAsync(Client, tenantId, callId));
    }

    [Fact]
    public async Task End_is_idempotent_and_append_after_end_is_rejected_without_change()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var callId = TestTenants.NewCallId();
        var call = Call(tenantId, callId);
        await call.StartAsync(TestTenants.Metadata());
        var chunk = TestTenants.RandomBytes(200, seed: 5);
        await call.AppendAsync(0, chunk);
        var sealedSummary = await call.EndAsync();

        var error = await Assert.ThrowsAsync<CallStateException>(() => call.AppendAsync(1, TestTenants.RandomBytes(200, seed: 6)));
        var duplicateAfterEnd = await Assert.ThrowsAsync<CallStateException>(() => call.AppendAsync(0, chunk));

        Assert.Equal(GridErrorCode.CallSealed, error.Code);
        Assert.Equal(GridErrorCode.CallSealed, duplicateAfterEnd.Code);
        Assert.Equal(sealedSummary, await call.EndAsync());
        Assert.Equal(sealedSummary, await call.GetSummaryAsync());
        Assert.Equal(chunk, await TestTenants.PlayAsync(Client, tenantId, callId));
    }

    [Fact]
    public async Task Oversize_empty_and_out_of_range_chunks_get_typed_errors_and_change_nothing()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var callId = TestTenants.NewCallId();
        var call = Call(tenantId, callId);
        await call.StartAsync(TestTenants.Metadata());
        await call.AppendAsync(0, TestTenants.RandomBytes(10, seed: 7));

        var oversize = await Assert.ThrowsAsync<GridLimitExceededException>(() => call.AppendAsync(1, new byte[GridFixture.MaxChunkBytes + 1]));
        var tooFar = await Assert.ThrowsAsync<GridLimitExceededException>(() => call.AppendAsync(GridFixture.MaxSequenceNumber + 1, new byte[1]));
        var negative = await Assert.ThrowsAsync<GridValidationException>(() => call.AppendAsync(-1, new byte[1]));
        var empty = await Assert.ThrowsAsync<GridValidationException>(() => call.AppendAsync(2, []));
        var huge = await Assert.ThrowsAsync<GridLimitExceededException>(() => call.AppendAsync(long.MaxValue, new byte[1]));

        Assert.Equal(GridErrorCode.ChunkTooLarge, oversize.Code);
        Assert.Equal(GridErrorCode.CallTooLong, tooFar.Code);
        Assert.Equal(GridErrorCode.CallTooLong, huge.Code);
        Assert.Equal(GridErrorCode.InvalidInput, negative.Code);
        Assert.Equal(GridErrorCode.InvalidInput, empty.Code);
        var summary = await call.EndAsync();
        Assert.Equal(1, summary.ChunkCount);
        Assert.Equal(10, summary.MediaBytes);
        Assert.Empty(summary.Gaps);
    }

    [Fact]
    public async Task Chunk_of_exactly_the_maximum_size_is_accepted()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var callId = TestTenants.NewCallId();
        var call = Call(tenantId, callId);
        await call.StartAsync(TestTenants.Metadata());
        var chunk = TestTenants.RandomBytes(GridFixture.MaxChunkBytes, seed: 8);

        await call.AppendAsync(GridFixture.MaxSequenceNumber, chunk);
        var summary = await call.EndAsync();

        Assert.Equal(GridFixture.MaxChunkBytes, summary.MediaBytes);
        Assert.Equal(chunk, await TestTenants.PlayAsync(Client, tenantId, callId));
    }

    [Fact]
    public async Task Append_and_end_before_start_are_rejected()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var call = Call(tenantId, TestTenants.NewCallId());

        var append = await Assert.ThrowsAsync<CallStateException>(() => call.AppendAsync(0, new byte[1]));
        var end = await Assert.ThrowsAsync<CallStateException>(() => call.EndAsync());

        Assert.Equal(GridErrorCode.CallNotStarted, append.Code);
        Assert.Equal(GridErrorCode.CallNotStarted, end.Code);
        Assert.Equal(CallStatus.None, (await call.GetSummaryAsync()).Status);
    }

    [Fact]
    public async Task Repeated_start_with_the_same_metadata_is_acknowledged_and_different_metadata_is_refused()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var callId = TestTenants.NewCallId();
        var call = Call(tenantId, callId);
        var first = await call.StartAsync(TestTenants.Metadata());
        await call.AppendAsync(0, TestTenants.RandomBytes(10, seed: 9));

        var again = await call.StartAsync(TestTenants.Metadata());
        var error = await Assert.ThrowsAsync<CallStateException>(() => call.StartAsync(TestTenants.Metadata(identifier: "+1 555 0100")));

        Assert.Equal(GridErrorCode.CallAlreadyStarted, error.Code);
        Assert.Equal(first.StartedAt, again.StartedAt);
        Assert.Equal(1, again.ChunkCount);
        Assert.Equal(TestTenants.Metadata().Participants, (await call.GetMetadataAsync()).Participants);
    }

    [Fact]
    public async Task Metadata_is_returned_decrypted_to_an_authorized_principal()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var callId = TestTenants.NewCallId();
        var metadata = TestTenants.Metadata(identifier: "+33 1 23 45 67 89", name: "Zoë Ångström 山田");
        await Call(tenantId, callId).StartAsync(metadata);

        var read = await Call(tenantId, callId).GetMetadataAsync();

        Assert.Equal(metadata.Direction, read.Direction);
        Assert.Equal(metadata.Participants, read.Participants);
        Assert.Equal(metadata.Tags, read.Tags);
        Assert.Equal(metadata.MediaType, read.MediaType);
    }

    [Fact]
    public async Task A_grain_reactivated_mid_call_recovers_what_was_stored_from_the_block_lists()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var callId = TestTenants.NewCallId();
        var call = Call(tenantId, callId);
        await call.StartAsync(TestTenants.Metadata());
        var chunks = Enumerable.Range(0, 7).Select(i => TestTenants.RandomBytes(50 + i, seed: 200 + i)).ToArray();
        for (var seq = 0; seq < 5; seq++)
        {
            await call.AppendAsync(seq, chunks[seq]);
        }

        var management = fixture.InternalGrains.GetGrain<IManagementGrain>(0); // operators' tooling: silos only
        await management.DeactivateGrain(call.GetGrainId());
        Assert.Equal(0, await management.GetGrainActivationCount((GrainReference)call));

        var summaryAfter = await call.GetSummaryAsync();
        Assert.Equal(5, summaryAfter.ChunkCount);
        Assert.True((await call.AppendAsync(4, chunks[4])).Duplicate);
        await Assert.ThrowsAsync<CallStateException>(() => call.AppendAsync(3, TestTenants.RandomBytes(53, seed: 999)));
        await call.AppendAsync(5, chunks[5]);
        await call.AppendAsync(6, chunks[6]);
        var summary = await call.EndAsync();

        Assert.Equal(7, summary.ChunkCount);
        Assert.Equal(chunks.SelectMany(c => c).ToArray(), await TestTenants.PlayAsync(Client, tenantId, callId));
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("drop-segment")]
    public async Task A_corrupted_or_truncated_stored_recording_fails_playback_with_a_typed_error(string damage)
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var callId = TestTenants.NewCallId();
        var call = Call(tenantId, callId);
        await call.StartAsync(TestTenants.Metadata());
        for (var seq = 0; seq < 6; seq++)
        {
            await call.AppendAsync(seq, TestTenants.RandomBytes(300, seed: 300 + seq));
        }

        await call.EndAsync();
        var stored = new StoredRecording(fixture.ConnectionString, tenantId, callId);
        var extents = (await stored.ManifestAsync()).Extents.Values.ToList();
        switch (damage)
        {
            case "flip":
                await stored.EditSegmentAsync(extents[3].Segment, bytes =>
                {
                    bytes[extents[3].Offset + (extents[3].Length / 2)] ^= 0x01;
                    return bytes;
                });
                break;
            case "truncate":
                await stored.EditSegmentAsync(extents[^1].Segment, bytes => bytes[..(int)(extents[^1].Offset + extents[^1].Length - 20)]);
                break;
            default:
                await new Azure.Storage.Blobs.BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(Grid.Storage.RecordingLayout.ContainerName(tenantId))
                    .GetBlobClient(extents[^1].Segment).DeleteAsync();
                break;
        }

        var error = await Assert.ThrowsAsync<RecordingCorruptException>(() => TestTenants.PlayAsync(Client, tenantId, callId));

        Assert.Equal(GridErrorCode.RecordingCorrupt, error.Code);
        Assert.Equal(CallStatus.Sealed, (await call.GetSummaryAsync()).Status);
    }

    [Fact]
    public async Task Appending_past_the_maximum_call_duration_is_refused_and_the_call_can_still_be_sealed()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var callId = TestTenants.NewCallId();
        var call = Call(tenantId, callId);
        await call.StartAsync(TestTenants.Metadata());
        var chunk = TestTenants.RandomBytes(100, seed: 31);
        await call.AppendAsync(0, chunk);

        fixture.Clock.Advance(TimeSpan.FromHours(26) + TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<GridLimitExceededException>(() => call.AppendAsync(1, TestTenants.RandomBytes(100, seed: 32)));
        var summary = await call.EndAsync();

        Assert.Equal(GridErrorCode.CallTooLong, error.Code);
        Assert.Equal(1, summary.ChunkCount);
        Assert.Equal(chunk, await TestTenants.PlayAsync(Client, tenantId, callId));
    }

    [Theory]
    [InlineData("role", 65)]
    [InlineData("identifier", 257)]
    [InlineData("displayName", 257)]
    [InlineData("tagValue", 513)]
    [InlineData("mediaType", 65)]
    public async Task Metadata_text_longer_than_its_limit_is_refused(string field, int length)
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var call = Call(tenantId, TestTenants.NewCallId());
        var text = new string('x', length);
        var metadata = field switch
        {
            "role" => TestTenants.Metadata() with { Participants = [new Participant(text, "id-1")] },
            "identifier" => TestTenants.Metadata(identifier: text),
            "displayName" => TestTenants.Metadata(name: text),
            "tagValue" => TestTenants.Metadata() with { Tags = new Dictionary<string, string> { ["note"] = text } },
            _ => TestTenants.Metadata() with { MediaType = text },
        };

        var error = await Assert.ThrowsAsync<GridValidationException>(() => call.StartAsync(metadata));

        Assert.Contains($"longer than {length - 1}", error.Message, StringComparison.Ordinal);
        Assert.Equal(CallStatus.None, (await call.GetSummaryAsync()).Status);
    }
}
