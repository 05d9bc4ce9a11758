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
        var received = new ConcurrentQueue<CallEvent>();
        var both = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = fixture.Client.GetStreamProvider(GridStreams.ProviderName)
            .GetStream<CallEvent>(StreamId.Create(GridStreams.TenantEventsNamespace, tenantId));
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
            Assert.Equal(new CallEvent { Kind = CallEventKind.CallStarted, TenantId = tenantId, CallId = callId, At = summary.StartedAt!.Value }, events[0]);
            Assert.Equal(new CallEvent { Kind = CallEventKind.CallSealed, TenantId = tenantId, CallId = callId, At = summary.SealedAt!.Value, ChunkCount = 2, MediaBytes = 200 }, events[1]);
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
        var received = new ConcurrentQueue<CallEvent>();
        var three = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = fixture.Client.GetStreamProvider(GridStreams.ProviderName)
            .GetStream<CallEvent>(StreamId.Create(GridStreams.TenantEventsNamespace, tenantId));
        var subscription = await stream.SubscribeAsync((e, _) =>
        {
            if (e.Kind is CallEventKind.KeyRevoked or CallEventKind.KeyEnabled or CallEventKind.KeyRotated)
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

            Assert.Equal(
                [(CallEventKind.KeyRevoked, (int?)1), (CallEventKind.KeyEnabled, 1), (CallEventKind.KeyRotated, 2)],
                received.Select(e => (e.Kind, e.KeyVersion)));
            Assert.All(received, e => Assert.Equal((tenantId, string.Empty), (e.TenantId, e.CallId)));
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }
}
