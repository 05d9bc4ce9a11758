using Grid.Calls;
using Grid.Tests.Infrastructure;

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
}
