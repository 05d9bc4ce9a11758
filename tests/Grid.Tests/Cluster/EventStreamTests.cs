using System.Collections.Concurrent;
using Grid.Calls;
using Grid.Events;
using Grid.Tests.Infrastructure;
using Orleans.Streams;

namespace Grid.Tests.Cluster;

[Collection(GridCollection.Name)]
public sealed class EventStreamTests(GridFixture fixture)
{
    [Fact]
    public async Task Call_started_and_sealed_events_arrive_on_the_tenant_stream()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var received = new ConcurrentQueue<TenantEventEnvelope>();
        var both = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = fixture.InternalClient.GetStreamProvider(GridStreams.ProviderName)
            .GetStream<TenantEventEnvelope>(StreamId.Create(GridStreams.TenantEventsNamespace, tenantId));
        var subscription = await stream.SubscribeAsync((e, _) =>
        {
            received.Enqueue(e);
            if (received.Count >= 2)
            {
                both.TrySetResult();
            }

            return Task.CompletedTask;
        });
        try
        {
            var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
            await call.StartAsync(TestTenants.Metadata());
            await call.AppendAsync(0, new byte[123]);
            await call.AppendAsync(1, new byte[77]);
            var summary = await call.EndAsync();

            await both.Task.WaitAsync(TimeSpan.FromSeconds(60));

            var events = received.ToArray();
            Assert.Equal(2, events.Length);
            Assert.Equal((tenantId, summary.StartedAt!.Value, (TenantEvent)new CallStarted(callId)), (events[0].TenantId, events[0].At, events[0].Event));
            Assert.Equal((tenantId, summary.SealedAt!.Value, (TenantEvent)new CallSealed(callId, 2, 200)), (events[1].TenantId, events[1].At, events[1].Event));
            Assert.All(events, e => Assert.Matches("^[0-9a-f]{32}$", e.EventId));
            Assert.NotEqual(events[0].EventId, events[1].EventId);
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    [Fact]
    public async Task Key_revocation_enabling_and_rotation_are_tenant_events_with_the_key_version()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var received = new ConcurrentQueue<TenantEventEnvelope>();
        var three = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = fixture.InternalClient.GetStreamProvider(GridStreams.ProviderName)
            .GetStream<TenantEventEnvelope>(StreamId.Create(GridStreams.TenantEventsNamespace, tenantId));
        var subscription = await stream.SubscribeAsync((e, _) =>
        {
            if (e.Event is KeyRevoked or KeyEnabled or KeyRotated)
            {
                received.Enqueue(e);
            }

            if (received.Count >= 3)
            {
                three.TrySetResult();
            }

            return Task.CompletedTask;
        });
        try
        {
            var key = fixture.Client.GetGrain<Grid.Keys.ITenantKeyGrain>(tenantId);
            await key.RevokeAsync();
            await key.EnableAsync();
            await key.RotateAsync();

            await three.Task.WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal([new KeyRevoked(1), new KeyEnabled(1), new KeyRotated(2)], received.Select(e => e.Event));
            Assert.All(received, e => Assert.Equal(tenantId, e.TenantId));
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }
}
