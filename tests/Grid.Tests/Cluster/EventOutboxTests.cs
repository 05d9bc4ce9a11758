using System.Collections.Concurrent;
using System.Text.Json;
using Grid.Client.Credentials;
using Grid.Governance;
using Grid.Keys;
using Grid.Retention;
using Grid.Security;
using Grid.Tenants;
using Grid.Tests.Faults;
using Grid.Tests.Governance;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Grid.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Grid.Tests.Cluster;

/// <summary>
/// The transactional outbox against a real outage of the event stream: a cluster whose queue service is reached
/// through a proxy that is cut while a key is revoked, an incident declared and a tenant terminated. Every operation
/// succeeds (its state and its pending event are one write); after the proxy is restored, every event reaches a
/// webhook receiver, each exactly once by its id.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class EventOutboxTests(GridFixture fixture)
{
    [Fact]
    public async Task Events_raised_while_the_stream_is_down_are_delivered_exactly_once_each_after_it_recovers()
    {
        var received = new ConcurrentQueue<(string EventId, string Type)>();
        await using var receiver = await LoopbackWebHost.StartAsync(app => app.MapPost("/hook", async (HttpContext http) =>
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body);
            received.Enqueue((http.Request.Headers["Grid-Event-Id"].ToString(), body.RootElement.GetProperty("type").GetString()!));
            return Results.Ok();
        }));
        await using var queues = new TcpProxy(fixture.Emulator.QueuePort);
        var proxied = fixture.Emulator.ConnectionString.Replace($":{fixture.Emulator.QueuePort}/", $":{queues.Port}/", StringComparison.Ordinal);
        var cluster = await fixture.DeployClusterAsync("outbox-" + Guid.NewGuid().ToString("N")[..6], silos: 1, settings: new Dictionary<string, string>
        {
            ["Grid:Storage:ConnectionString"] = proxied,
            ["Grid:Storage:MaxRetries"] = "0",
        });
        try
        {
            var client = cluster.Client;
            var tenantId = await TestTenants.ProvisionAsync(client);
            await client.GetGrain<IWebhookGrain>(tenantId).RegisterAsync(new Uri(receiver.Base, "hook").ToString());

            queues.Cut();
            await client.GetGrain<ITenantKeyGrain>(tenantId).RevokeAsync();
            await client.GetGrain<ITenantKeyGrain>(tenantId).EnableAsync();
            var incident = client.GetGrain<IIncidentGrain>(ProcessorScope.Incident("inc-" + Guid.NewGuid().ToString("N")[..8]));
            using (GridCredentials.Use(fixture.TokenOf("ops-outbox", GridPrincipal.AnyTenant, GridRoles.Operator)))
            {
                await incident.DeclareAsync(IncidentWorkflowTests.Declaration([tenantId], fixture.Clock.GetUtcNow()));
            }

            await client.GetGrain<ITenantGrain>(tenantId).TerminateAsync(new TerminationRequest(fixture.Clock.GetUtcNow(), ReturnWindowDays: 0, DeleteWithinDays: 1));
            var internalGrains = ((Orleans.TestingHost.InProcessSiloHandle)cluster.Silos[0]).SiloHost.Services.GetRequiredService<IGrainFactory>();
            var certificate = await internalGrains.GetGrain<ITerminationGrain>(tenantId).RunDueAsync();
            Assert.NotNull(certificate);
            Assert.Empty(received);

            queues.Restore();
            string[] expected = ["key.revoked", "key.enabled", "incident.declared", "termination.scheduled", "key.destroyed", "termination.completed"];
            await Eventually.UntilAsync(() => Task.FromResult(received.ToArray()), r => expected.All(t => r.Any(e => e.Type == t)), seconds: 180);

            // A little longer: no event may come twice (the outbox and the stream retry; the ids stay).
            await Task.Delay(TimeSpan.FromSeconds(5));
            var events = received.ToArray();
            Assert.All(events.GroupBy(e => e.EventId), g => Assert.Single(g));
            Assert.Equal(expected.Order(StringComparer.Ordinal), events.Select(e => e.Type).Where(expected.Contains).Order(StringComparer.Ordinal));
        }
        finally
        {
            queues.Restore();
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
