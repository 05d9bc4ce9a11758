using Grid.Calls;
using Grid.Operations;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Cluster;

[Collection(GridCollection.Name)]
public sealed class SelfTestTests(GridFixture fixture)
{
    [Fact]
    public async Task The_self_test_records_reads_back_compares_and_deletes_its_canary_call()
    {
        var canary = fixture.InternalGrains.GetGrain<ICanaryGrain>(ICanaryGrain.Key);

        var result = await canary.RunNowAsync();

        Assert.True(result.Ok, result.Error);
        Assert.Null(result.Error);
        Assert.Equal(result, await canary.GetLastResultAsync());
        var log = await fixture.Client.GetGrain<Grid.Audit.IAuditLogGrain>(ICanaryGrain.TenantId).ReadAsync();
        var deleted = log.Records.Last(r => r.Action == "recording.delete");
        Assert.Equal("grid:canary", deleted.Principal);
        Assert.Equal(CallStatus.Deleted, (await fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(ICanaryGrain.TenantId, deleted.CallId!)).GetSummaryAsync()).Status);
    }

    [Fact]
    public async Task A_revoked_canary_key_makes_the_self_test_fail_with_the_reason()
    {
        var canary = fixture.InternalGrains.GetGrain<ICanaryGrain>(ICanaryGrain.Key);
        await canary.RunNowAsync();
        var keys = fixture.Client.GetGrain<Grid.Keys.ITenantKeyGrain>(ICanaryGrain.TenantId);
        await keys.RevokeAsync();
        try
        {
            var failed = await canary.RunNowAsync();

            Assert.False(failed.Ok);
            Assert.Equal("KeyRevoked", failed.Error);
        }
        finally
        {
            await keys.EnableAsync();
        }

        Assert.True((await canary.RunNowAsync()).Ok);
    }
}
