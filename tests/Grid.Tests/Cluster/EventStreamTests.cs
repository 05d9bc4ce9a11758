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
}
