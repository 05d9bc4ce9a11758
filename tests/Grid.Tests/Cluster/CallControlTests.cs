using Grid.Calls;
using Grid.Client;
using Grid.Errors;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grid.Tests.Cluster;

/// <summary>What a recorder says about a live call besides media: pauses, media gaps, metadata updates.</summary>
[Collection(GridCollection.Name)]
public sealed class CallControlTests(GridFixture fixture)
{
    private ICallGrain Call(string tenantId, string callId) => fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));

    [Fact]
    public async Task Media_sent_while_paused_is_stored_nowhere_and_the_pause_is_on_the_summary_not_a_gap()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var recorder = fixture.Cluster.ServiceProvider.GetRequiredService<GridRecorder>();
        var before = TestTenants.RandomBytes(4_000, seed: 71);
        var secret = TestTenants.RandomBytes(4_000, seed: 72);
        var after = TestTenants.RandomBytes(4_000, seed: 73);

        await using var session = await recorder.StartCallAsync(tenantId, callId, TestTenants.Metadata());
        await session.SendAsync(before);
        await session.FlushAsync();
        var paused = await session.PauseAsync("card-data");
        await session.SendAsync(secret);
        await session.SendAsync(secret.Reverse().ToArray());

        // A frontend that did not hear of the pause (an API pause) sends a numbered chunk: dropped on receipt.
        var dropped = await Call(tenantId, callId).AppendAsync(1, secret);
        var resumed = await session.ResumeAsync();
        await session.SendAsync(after);
        var summary = await session.EndAsync();

        Assert.Equal((1L, (long?)null), (paused.Pauses.Single().FromSequence, paused.Pauses.Single().ToSequence));
        Assert.Equal(new AppendResult(1, Duplicate: false, Paused: true), dropped);
        Assert.Equal(2, session.PausedChunks);
        var pause = Assert.Single(summary.Pauses);
        Assert.Equal((1L, (long?)3, "card-data", "recorder"), (pause.FromSequence, pause.ToSequence, pause.Reason, pause.Source));
        Assert.Equal(resumed.Pauses.Select(p => p with { MediaByteOffset = 4_000 }), summary.Pauses);
        Assert.Equal((2L, 8_000L, 0L, 3L), (summary.ChunkCount, summary.MediaBytes, summary.FirstSequence!.Value, summary.LastSequence!.Value));
        Assert.Equal([], summary.Gaps);
        var played = await TestTenants.PlayAsync(fixture.Client, tenantId, callId);
        Assert.Equal(before.Concat(after).ToArray(), played);

        var stored = EmulatorFiles.ReadAll(fixture.AzuriteDataPath);
        Assert.DoesNotContain(stored, f => f.Content.AsSpan().IndexOf(secret.AsSpan(1_000, 64)) >= 0);
        var log = await fixture.Client.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).ReadAsync();
        Assert.Equal(["recording.paused", "recording.resumed"], log.Records.Where(r => r.CallId == callId && r.Action is "recording.paused" or "recording.resumed").Select(r => r.Action));
    }

    [Fact]
    public async Task Pause_and_resume_refuse_what_makes_no_sense_with_typed_errors_and_change_nothing()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var call = Call(tenantId, callId);
        await call.StartAsync(TestTenants.Metadata());
        await call.AppendAsync(0, [1, 2, 3]);

        var resumeWithoutPause = await Assert.ThrowsAsync<CallStateException>(() => call.ResumeAsync(1));
        var pauseBeforeStored = await Assert.ThrowsAsync<GridValidationException>(() => call.PauseAsync(new PauseRequest(0, "card-data", "recorder")));
        var badReason = await Assert.ThrowsAsync<GridValidationException>(() => call.PauseAsync(new PauseRequest(1, "Card Data!", "recorder")));
        var badSource = await Assert.ThrowsAsync<GridValidationException>(() => call.PauseAsync(new PauseRequest(1, "card-data", "someone")));
        var first = await call.PauseAsync(new PauseRequest(1, "card-data", "recorder"));
        var retried = await call.PauseAsync(new PauseRequest(1, "card-data", "recorder"));
        var doublePause = await Assert.ThrowsAsync<CallStateException>(() => call.PauseAsync(new PauseRequest(2, "card-data", "recorder")));
        var resumeBeforePause = await Assert.ThrowsAsync<GridValidationException>(() => call.ResumeAsync(0));
        await call.ResumeAsync(1);
        var resumeRetried = await call.ResumeAsync(1);
        var resumeAgain = await Assert.ThrowsAsync<CallStateException>(() => call.ResumeAsync(5));
        await call.EndAsync();
        var pauseEnded = await Assert.ThrowsAsync<CallStateException>(() => call.PauseAsync(new PauseRequest(1, "card-data", "recorder")));

        Assert.Equal(GridErrorCode.CallNotPaused, resumeWithoutPause.Code);
        Assert.Contains("recorded already", pauseBeforeStored.Message, StringComparison.Ordinal);
        Assert.Contains("reason", badReason.Message, StringComparison.Ordinal);
        Assert.Contains("source", badSource.Message, StringComparison.Ordinal);
        Assert.Equal(first, retried);
        Assert.Equal(GridErrorCode.CallPaused, doublePause.Code);
        Assert.Contains("pause's (1)", resumeBeforePause.Message, StringComparison.Ordinal);
        Assert.Equal((long?)1, Assert.Single(resumeRetried.Pauses).ToSequence);
        Assert.Equal(GridErrorCode.CallNotPaused, resumeAgain.Code);
        Assert.Equal(GridErrorCode.CallSealed, pauseEnded.Code);
        var summary = await call.GetSummaryAsync();
        Assert.Equal((long?)1, Assert.Single(summary.Pauses).ToSequence);
    }

    [Fact]
    public async Task Media_gap_reports_are_kept_once_each_and_bad_ones_are_refused()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var call = Call(tenantId, TestTenants.NewCallId());
        await call.StartAsync(TestTenants.Metadata());
        var loss = new MediaGapReport(0, 1_000, 1_040, "loss");
        var late = new MediaGapReport(1, 2_000, 2_020, "late");

        await call.ReportMediaGapsAsync([loss, late]);
        await call.ReportMediaGapsAsync([loss]);
        var backwards = await Assert.ThrowsAsync<GridValidationException>(() => call.ReportMediaGapsAsync([new MediaGapReport(0, 5, 5, "loss")]));
        var empty = await Assert.ThrowsAsync<GridValidationException>(() => call.ReportMediaGapsAsync([]));
        var badCause = await Assert.ThrowsAsync<GridValidationException>(() => call.ReportMediaGapsAsync([new MediaGapReport(0, 5, 6, "<script>")]));
        var summary = await call.EndAsync();

        Assert.Equal([loss, late], summary.MediaGaps);
        Assert.Equal(0, summary.UnlistedMediaGaps);
        Assert.All([backwards, empty, badCause], e => Assert.Equal(GridErrorCode.InvalidInput, e.Code));
        await Assert.ThrowsAsync<CallStateException>(() => call.ReportMediaGapsAsync([late]));
    }

    [Fact]
    public async Task A_metadata_update_is_encrypted_reindexed_audited_and_keeps_the_media_type()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var call = Call(tenantId, callId);
        var start = TestTenants.Metadata("+44 20 7946 1111", "First Person");
        await call.StartAsync(start);
        var joined = start with { Participants = [.. start.Participants, new Participant("agent", "+44 20 7946 2222", "Second Person")] };

        var updated = await call.UpdateMetadataAsync(joined);
        var same = await call.UpdateMetadataAsync(joined);
        var otherType = await Assert.ThrowsAsync<GridValidationException>(() => call.UpdateMetadataAsync(joined with { MediaType = "audio/opus" }));
        var restarted = await call.StartAsync(start);

        Assert.Equal((1, 1, 1), (updated.MetadataUpdates, same.MetadataUpdates, restarted.MetadataUpdates));
        Assert.Contains("media type", otherType.Message, StringComparison.Ordinal);
        Assert.Equal(joined.Participants, (await call.GetMetadataAsync()).Participants);
        var page = await fixture.Client.GetGrain<IRecordingCatalogGrain>(tenantId).SearchAsync(new RecordingQuery { Participant = "+442079462222" });
        Assert.Equal([callId], page.Items.Select(i => i.CallId));
        var stored = EmulatorFiles.ReadAll(fixture.AzuriteDataPath);
        Assert.DoesNotContain(stored, f => f.Content.AsSpan().IndexOf("Second Person"u8) >= 0);
        var log = await fixture.Client.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).ReadAsync();
        Assert.Single(log.Records, r => r.CallId == callId && r.Action == "recording.metadata-updated");
    }

    [Fact]
    public async Task A_pause_longer_than_the_configured_limit_resumes_at_the_first_chunk_after_it()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var call = Call(tenantId, callId);
        await call.StartAsync(TestTenants.Metadata());
        await call.AppendAsync(0, [1]);
        await call.PauseAsync(new PauseRequest(PauseRequest.Next, "card-data", "api"));

        var early = await call.AppendAsync(1, [2]);
        fixture.Clock.Advance(GridFixture.AutoResumeAfter);
        var late = await call.AppendAsync(2, [3]);
        var summary = await call.EndAsync();

        Assert.Equal((true, false), (early.Paused, late.Paused));
        var pause = Assert.Single(summary.Pauses);
        Assert.Equal((1L, (long?)2, "grid:auto-resume", GridFixture.AutoResumeAfter), (pause.FromSequence, pause.ToSequence, pause.ResumedBy, pause.ResumedAt - pause.PausedAt));
        Assert.Equal(new byte[] { 1, 3 }, await TestTenants.PlayAsync(fixture.Client, tenantId, callId));
    }

    [Fact]
    public async Task A_wav_sent_faster_than_real_time_is_as_long_as_its_media_not_its_start_to_seal()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var call = Call(tenantId, callId);
        const int byteRate = 16_000; // 8 kHz, 16-bit, mono
        var samples = TestTenants.RandomBytes(6 * byteRate, seed: 80);
        var header = new byte[44];
        "RIFF"u8.CopyTo(header);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)(36 + samples.Length));
        "WAVEfmt "u8.CopyTo(header.AsSpan(8));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 16);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(20), 1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(22), 1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), 8_000);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(28), byteRate);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(32), 2);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(34), 16);
        "data"u8.CopyTo(header.AsSpan(36));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(40), (uint)samples.Length);
        var file = header.Concat(samples).ToArray();

        await call.StartAsync(TestTenants.Metadata());
        for (var i = 0; i * 32_000 < file.Length; i++)
        {
            await call.AppendAsync(i, file[(i * 32_000)..Math.Min(file.Length, (i + 1) * 32_000)]);
        }

        var summary = await call.EndAsync();
        var entry = (await fixture.Client.GetGrain<IRecordingCatalogGrain>(tenantId).SearchAsync(new RecordingQuery { Participant = "+44 20 7946 0000" })).Items.Single(i => i.CallId == callId);

        // Sent in milliseconds, six seconds long: the summary and the recordings list say 6 s.
        Assert.Equal((TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(6)), (summary.MediaDuration, entry.Duration));
        Assert.True(summary.SealedAt - summary.StartedAt < TimeSpan.FromSeconds(6));
    }
}
