using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grid.Calls;
using Grid.Security;
using Grid.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Grid.Tests.Api;

/// <summary>
/// Tenant events delivered to a real HTTP receiver on loopback that fails, then recovers: every event arrives, signed,
/// exactly once by its idempotency key; a receiver that never answers well gets dead letters, replayed later.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class WebhookTests(GridFixture fixture) : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Path, string EventId, string Body, bool SignatureValid, int Status)> received = new();
    private readonly ConcurrentDictionary<string, int> failuresLeft = new();
    private LoopbackWebHost receiver = null!;
    private Uri receiverBase = null!;
    private byte[] secret = [];

    public async Task InitializeAsync()
    {
        receiver = await LoopbackWebHost.StartAsync(app => app.MapPost("/{name}", async (string name, HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var signature = http.Request.Headers["Grid-Signature"].ToString();
            var status = failuresLeft.AddOrUpdate(name, 0, (_, left) => left - 1) >= 0 ? 500 : 200;
            received.Enqueue((name, http.Request.Headers["Grid-Event-Id"].ToString(), body, Verify(signature, body), status));
            return Results.StatusCode(status);
        }));
        receiverBase = receiver.Base;
    }

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    /// <summary>The receiver's check, as docs/api.md tells customers to write it.</summary>
    private bool Verify(string header, string body)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var expected = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{parts["t"]}.{body}"));
        var fresh = Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(parts["t"], System.Globalization.CultureInfo.InvariantCulture)) < 300;
        return fresh && CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(parts["v1"]));
    }

    [Fact]
    public async Task Events_reach_a_receiver_that_fails_then_recovers_exactly_once_each_and_dead_letters_replay()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        await using var api = await ApiHost.StartAsync(fixture);
        var admin = fixture.TokenOf("admin-w", tenantId, GridRoles.TenantAdmin);
        failuresLeft["flaky"] = 3;
        failuresLeft["down"] = int.MaxValue;
        string Register(string name) => new Uri(receiverBase, name).ToString();
        using var flaky = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/webhooks", admin, new { url = Register("flaky") });
        var registration = JsonDocument.Parse(await flaky.Content.ReadAsStringAsync()).RootElement;
        secret = Convert.FromBase64String(registration.GetProperty("secret").GetString()!);
        using var plainHttp = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/webhooks", admin, new { url = "http://example.test/hook" });
        Assert.Equal(HttpStatusCode.Created, flaky.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, plainHttp.StatusCode);

        var calls = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var callId = TestTenants.NewCallId();
            var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
            await call.StartAsync(TestTenants.Metadata("+44 20 7946 3210"));
            await call.AppendAsync(0, TestTenants.RandomBytes(100, seed: i));
            await call.EndAsync();
            calls.Add(callId);
        }

        // Every event (two starts, two seals, and the audit checkpoints the calls' audit records reach) is delivered
        // despite three failures, and exactly once by its id.
        List<(string Type, string? CallId)> Types() => received.Where(r => r.Path == "flaky" && r.Status == 200)
            .Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Select(e => (e.GetProperty("type").GetString()!, e.TryGetProperty("callId", out var callId) ? callId.GetString() : null)).ToList();
        bool FailedOnesDelivered() => received.Where(r => r.Path == "flaky" && r.Status == 500)
            .All(f => received.Any(r => r.Path == "flaky" && r.Status == 200 && r.EventId == f.EventId));
        Assert.True(await WaitAsync(() => calls.All(c => Types().Contains(("call.sealed", c)) && Types().Contains(("call.started", c))) && FailedOnesDelivered()));
        var flakyAttempts = received.Where(r => r.Path == "flaky").ToList();
        var ok = flakyAttempts.Where(r => r.Status == 200).ToList();
        Assert.All(ok.GroupBy(r => r.EventId), g => Assert.Single(g));
        Assert.Equal(3, flakyAttempts.Count(r => r.Status == 500));
        Assert.All(flakyAttempts.Where(r => r.Status == 500), r => Assert.Contains(ok, o => o.EventId == r.EventId));
        Assert.All(flakyAttempts, r => Assert.True(r.SignatureValid));
        Assert.DoesNotContain(received, r => r.Body.Contains("7946", StringComparison.Ordinal) || r.Body.Contains("Test Caller", StringComparison.Ordinal));

        // An endpoint that keeps failing: each event is tried MaxAttempts (4) times, then dead-lettered; replayed once
        // the receiver is back, it arrives with the same event id.
        using var down = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/webhooks", admin, new { url = Register("down") });
        secret = Convert.FromBase64String(JsonDocument.Parse(await down.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!);
        await fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, calls[0])).RequestDeletionAsync();
        JsonElement deleted = default;
        Assert.True(await WaitAsync(async () =>
        {
            using var dead = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/webhooks/dead-letters", admin);
            var letters = JsonDocument.Parse(await dead.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();
            deleted = letters.FirstOrDefault(l => l.GetProperty("type").GetString() == "recording.deleted");
            return deleted.ValueKind == JsonValueKind.Object;
        }));
        var deadId = deleted.GetProperty("eventId").GetString()!;
        Assert.Equal(4, deleted.GetProperty("attempts").GetInt32());
        Assert.Equal("HTTP 500", deleted.GetProperty("lastError").GetString());
        Assert.Equal(4, received.Count(r => r.Path == "down" && r.EventId == deadId));

        failuresLeft["down"] = -1;
        using var replay = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/webhooks/dead-letters/replay", admin);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.True(await WaitAsync(() => received.Any(r => r.Path == "down" && r.Status == 200 && r.EventId == deadId)));
        Assert.Single(received, r => r.Path == "down" && r.Status == 200 && r.EventId == deadId);
    }

    [Fact]
    public async Task A_test_event_reaches_the_receiver_signed_and_once_and_a_failing_one_says_why_without_a_dead_letter()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var otherTenant = await TestTenants.ProvisionAsync(fixture.Client);
        await using var api = await ApiHost.StartAsync(fixture);
        var admin = fixture.TokenOf("admin-p", tenantId, GridRoles.TenantAdmin);
        var otherAdmin = fixture.TokenOf("admin-x", otherTenant, GridRoles.TenantAdmin);
        failuresLeft["ping-down"] = int.MaxValue;
        failuresLeft["ping-up"] = -1;
        async Task<string> RegisterAsync(string name)
        {
            using var registered = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/webhooks", admin, new { url = new Uri(receiverBase, name).ToString() });
            var body = JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement;
            secret = name == "ping-up" ? Convert.FromBase64String(body.GetProperty("secret").GetString()!) : secret;
            return body.GetProperty("endpoint").GetProperty("endpointId").GetString()!;
        }

        var up = await RegisterAsync("ping-up");
        var down = await RegisterAsync("ping-down");

        using var pingUp = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/webhooks/{up}/ping", admin);
        var upResult = JsonDocument.Parse(await pingUp.Content.ReadAsStringAsync()).RootElement;
        using var pingDown = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/webhooks/{down}/ping", admin);
        var downResult = JsonDocument.Parse(await pingDown.Content.ReadAsStringAsync()).RootElement;
        using var fromOtherTenant = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/webhooks/{up}/ping", otherAdmin);
        using var intoOtherTenant = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{otherTenant}/webhooks/{up}/ping", otherAdmin);
        await Task.Delay(TimeSpan.FromSeconds(2)); // several retry periods (200 ms in the test cluster): a test event is never retried
        using var dead = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/webhooks/dead-letters", admin);
        using var audit = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/audit", fixture.TokenOf("auditor-p", tenantId, GridRoles.Auditor));
        var pings = JsonDocument.Parse(await audit.Content.ReadAsStringAsync()).RootElement.GetProperty("records").EnumerateArray()
            .Where(r => r.GetProperty("action").GetString() == "webhook.ping").Select(r => (r.GetProperty("purpose").GetString(), r.GetProperty("principal").GetString())).ToList();

        // Other events of the tenant (audit checkpoints) reach the endpoints too: the test events are told by their ids.
        var upId = upResult.GetProperty("eventId").GetString();
        var downId = downResult.GetProperty("eventId").GetString();
        var arrived = Assert.Single(received, r => r.Path == "ping-up" && r.EventId == upId);
        var body = JsonDocument.Parse(arrived.Body).RootElement;
        Assert.Equal(HttpStatusCode.OK, pingUp.StatusCode);
        Assert.Equal((true, JsonValueKind.Null), (upResult.GetProperty("delivered").GetBoolean(), upResult.GetProperty("failure").ValueKind));
        Assert.True(arrived.SignatureValid);
        Assert.Equal(("webhook.ping", tenantId, up), (body.GetProperty("type").GetString(), body.GetProperty("tenantId").GetString(), body.GetProperty("endpointId").GetString()));
        Assert.Equal((false, "HTTP 500"), (downResult.GetProperty("delivered").GetBoolean(), downResult.GetProperty("failure").GetString()));
        Assert.Single(received, r => r.Path == "ping-down" && r.EventId == downId);
        Assert.DoesNotContain(JsonDocument.Parse(await dead.Content.ReadAsStringAsync()).RootElement.EnumerateArray(), l => l.GetProperty("type").GetString() == "webhook.ping");
        Assert.Equal(HttpStatusCode.Forbidden, fromOtherTenant.StatusCode);
        Assert.Equal(("400", "invalid-input"), ((int)intoOtherTenant.StatusCode + "", await ApiHost.CodeOfAsync(intoOtherTenant)));
        Assert.Equal([(up, "admin-p"), (down, "admin-p")], pings);
    }

    private static Task<bool> WaitAsync(Func<bool> condition) => WaitAsync(() => Task.FromResult(condition()));

    private static async Task<bool> WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(200);
        }

        return await condition();
    }
}
