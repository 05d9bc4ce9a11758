using System.Collections.Concurrent;
using Grid.Client.Credentials;
using Grid.Errors;
using Grid.Events;
using Grid.Operations;
using Grid.Security;
using Grid.Tests.Infrastructure;
using Orleans.Streams;

namespace Grid.Tests.Cluster;

/// <summary>An SRS (or any recorder) that stops sending heartbeats is found by the Grid and announced, once; its return too.</summary>
[Collection(GridCollection.Name)]
public sealed class RecorderHealthTests(GridFixture fixture)
{
    [Fact]
    public async Task A_recorder_that_stops_sending_is_announced_silent_once_and_resumed_when_it_returns()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var recorder = fixture.TokenOf("recorder:srs", tenantId, GridRoles.Recorder);
        var analyst = fixture.TokenOf("analyst-1", tenantId, GridRoles.Analyst);
        var health = fixture.Client.GetGrain<IRecorderHealthGrain>(tenantId);
        var received = new ConcurrentQueue<TenantEvent>();
        var stream = fixture.InternalClient.GetStreamProvider(GridStreams.ProviderName)
            .GetStream<TenantEventEnvelope>(StreamId.Create(GridStreams.TenantEventsNamespace, tenantId));
        var subscription = await stream.SubscribeAsync((e, _) =>
        {
            if (e.Event is RecorderSilent or RecorderResumed)
            {
                received.Enqueue(e.Event);
            }

            return Task.CompletedTask;
        });

        var t0 = fixture.Clock.GetUtcNow();
        using (GridCredentials.Use(recorder))
        {
            await health.HeartbeatAsync("node-a", 3);
            await health.HeartbeatAsync("node-b", 0);
        }

        var badSource = await Assert.ThrowsAsync<GridValidationException>(async () =>
        {
            using (GridCredentials.Use(recorder))
            {
                await health.HeartbeatAsync("Node A!", 1);
            }
        });
        var byAnalyst = await Assert.ThrowsAsync<NotAuthorizedException>(async () =>
        {
            using (GridCredentials.Use(analyst))
            {
                await health.HeartbeatAsync("node-c", 1);
            }
        });
        var checker = fixture.InternalGrains.GetGrain<IRecorderHealthGrain>(tenantId);
        var early = await checker.CheckAsync();
        fixture.Clock.Advance(TimeSpan.FromSeconds(90));
        using (GridCredentials.Use(recorder))
        {
            await health.HeartbeatAsync("node-b", 0);
        }

        fixture.Clock.Advance(TimeSpan.FromSeconds(40));
        var silenced = await checker.CheckAsync();
        var again = await checker.CheckAsync();
        var listed = await health.GetAsync();
        using (GridCredentials.Use(recorder))
        {
            await health.HeartbeatAsync("node-a", 0);
        }

        await Eventually.UntilAsync(() => Task.FromResult(received.Count), n => n >= 2, seconds: 30);
        await subscription.UnsubscribeAsync();

        Assert.Equal(GridErrorCode.InvalidInput, badSource.Code);
        Assert.Equal(GridErrorCode.NotAuthorized, byAnalyst.Code);
        Assert.Equal((0, 1, 0), (early, silenced, again));
        Assert.Equal(
            [("node-a", "recorder:srs", 3, true), ("node-b", "recorder:srs", 0, false)],
            listed.Select(s => (s.Source, s.Principal, s.LiveSessions, s.Silent)));
        Assert.Equal([new RecorderSilent("node-a", t0, 3), new RecorderResumed("node-a")], received);
        Assert.False((await health.GetAsync()).Single(s => s.Source == "node-a").Silent);
    }
}
