using Grid.Calls;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Grid.Tests.Cluster;

[Collection(GridCollection.Name)]
public sealed class RestartTests(GridFixture fixture)
{
    [Fact]
    public async Task A_sealed_recording_is_playable_after_the_whole_cluster_restarts()
    {
        var media = TestTenants.RandomBytes(9 * 777, seed: 77);
        string tenantId;
        var callId = TestTenants.NewCallId();
        CallSummary sealedSummary;
        var first = await fixture.DeployClusterAsync("restart-a-" + Guid.NewGuid().ToString("N")[..6]);
        try
        {
            tenantId = await TestTenants.ProvisionAsync(first.Client);
            var call = first.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
            await call.StartAsync(TestTenants.Metadata());
            for (var seq = 0; seq < 9; seq++)
            {
                await call.AppendAsync(seq, media.AsSpan(seq * 777, 777).ToArray());
            }

            sealedSummary = await call.EndAsync();
        }
        finally
        {
            await first.StopAllSilosAsync();
            await first.DisposeAsync();
        }

        var second = await fixture.DeployClusterAsync("restart-b-" + Guid.NewGuid().ToString("N")[..6]);
        try
        {
            var call = second.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));

            Assert.Equal(sealedSummary, await call.GetSummaryAsync());
            Assert.Equal(media, await TestTenants.PlayAsync(second.Client, tenantId, callId));
            Assert.Equal(TestTenants.Metadata().Participants, (await call.GetMetadataAsync()).Participants);
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_graceful_silo_stop_answers_the_appends_in_flight_drains_the_log_after_the_grains_and_a_restart_plays_every_chunk()
    {
        // A one-second linger keeps every call's next frame waiting in the log when the stop begins.
        var settings = new Dictionary<string, string> { ["Grid:Storage:Log:Linger"] = "00:00:01", ["Grid:Storage:Log:AdaptiveLinger"] = "false" };
        var chunks = Enumerable.Range(0, 4).Select(c => Enumerable.Range(0, 2).Select(s => TestTenants.RandomBytes(500 + (c * 10) + s, seed: (c * 10) + s)).ToArray()).ToArray();
        var callIds = chunks.Select(_ => TestTenants.NewCallId()).ToArray();
        string tenantId;
        List<string> stopLog;
        var first = await fixture.DeployClusterAsync("drain-a-" + Guid.NewGuid().ToString("N")[..6], silos: 1, settings: settings);
        try
        {
            tenantId = await TestTenants.ProvisionAsync(first.Client);
            var calls = callIds.Select(id => first.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, id))).ToArray();
            await Task.WhenAll(calls.Select(c => c.StartAsync(TestTenants.Metadata())));
            await Task.WhenAll(calls.Select((c, i) => c.AppendAsync(0, chunks[i][0])));
            var inFlight = calls.Select((c, i) => c.AppendAsync(1, chunks[i][1])).ToArray();
            var log = ((Orleans.TestingHost.InProcessSiloHandle)first.Silos[0]).SiloHost.Services.GetRequiredService<Grid.Storage.Log.RecordingLog>();
            Assert.Equal(calls.Length, await Eventually.UntilAsync(() => Task.FromResult(log.QueuedFrames), queued => queued == calls.Length, seconds: 5));
            var mark = TestLogSink.Instance.Lines.Count;

            await first.StopSiloAsync(first.Silos[0]); // gracefully; the client stays connected to hear the answers

            // Every append in flight was answered, and positively: the log was open while the grains finished.
            Assert.All(await Task.WhenAll(inFlight), a => Assert.False(a.Duplicate));
            stopLog = TestLogSink.Instance.Lines.Skip(mark).ToList();
        }
        finally
        {
            await first.DisposeAsync();
        }

        // The stages ran in order: the grains were deactivated first, then the log stopped.
        var grainsGone = stopLog.FindIndex(l => l.Contains("'Orleans.Runtime.Silo' stopped in stage 'GrainDeactivation", StringComparison.Ordinal));
        var logStopped = stopLog.FindIndex(l => l.Contains("'RecordingLog' stopped in stage 'ApplicationServices", StringComparison.Ordinal));
        Assert.True(grainsGone >= 0 && logStopped > grainsGone, $"grain deactivation at line {grainsGone}, log stop at line {logStopped}");
        Assert.Contains(stopLog, l => l.Contains("Recording log stopped:", StringComparison.Ordinal));
        Assert.DoesNotContain(stopLog, l => l.Contains("Recording log stop took longer", StringComparison.Ordinal));

        var second = await fixture.DeployClusterAsync("drain-b-" + Guid.NewGuid().ToString("N")[..6], silos: 1);
        try
        {
            for (var i = 0; i < callIds.Length; i++)
            {
                var summary = await second.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callIds[i])).EndAsync();

                Assert.Equal(2, summary.ChunkCount);
                Assert.Equal(chunks[i][0].Concat(chunks[i][1]).ToArray(), await TestTenants.PlayAsync(second.Client, tenantId, callIds[i]));
            }
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }
}
