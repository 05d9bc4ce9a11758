using System.Net;
using System.Text;
using Grid.Calls;
using Grid.Security;
using Grid.Storage;
using Grid.Tests.Infrastructure;
using Grid.Tests.Security;

namespace Grid.Tests.Api;

/// <summary>docs/bad-input.md, API rows: each bad request gets problem+json with a stable code and changes nothing.</summary>
[Collection(GridCollection.Name)]
public sealed class ApiBadInputTests(GridFixture fixture) : IAsyncLifetime
{
    private ApiHost api = null!;

    public async Task InitializeAsync() => api = await ApiHost.StartAsync(fixture, new Dictionary<string, string?> { ["Grid:Api:MaxRequestBodyBytes"] = "4096" });

    public async Task DisposeAsync() => await api.DisposeAsync();

    private async Task<(HttpStatusCode Status, string Code)> SendRawAsync(HttpMethod method, string path, string? token, string? json)
    {
        using var request = ApiHost.Request(method, path, token);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await api.Http.SendAsync(request);
        return (response.StatusCode, await ApiHost.CodeOfAsync(response));
    }

    [Fact]
    public async Task Bad_requests_are_answered_with_stable_codes_and_change_nothing()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(TestTenants.Metadata());
        await call.AppendAsync(0, TestTenants.RandomBytes(100, seed: 5));
        await call.EndAsync();
        var admin = fixture.TokenOf("admin", tenantId, GridRoles.TenantAdmin, GridRoles.Analyst);
        var before = await TenantStorageSnapshot.TakeAsync(fixture.ConnectionString, tenantId);
        var retention = $"v1/tenants/{tenantId}/retention";
        var search = $"v1/tenants/{tenantId}/recordings/search";

        var cases = new Dictionary<string, (HttpStatusCode, string)>
        {
            ["malformed JSON"] = await SendRawAsync(HttpMethod.Put, retention, admin, "{\"defaultDays\": 30,"),
            ["unknown field"] = await SendRawAsync(HttpMethod.Put, retention, admin, "{\"defaultDays\": 30, \"deleteEverything\": true}"),
            ["wrong type"] = await SendRawAsync(HttpMethod.Put, retention, admin, "{\"defaultDays\": \"thirty\"}"),
            ["out of range"] = await SendRawAsync(HttpMethod.Put, retention, admin, "{\"defaultDays\": 0}"),
            ["oversized body"] = await SendRawAsync(HttpMethod.Put, retention, admin, "{\"defaultDays\": 30, \"daysByCategory\": {" + string.Join(',', Enumerable.Range(0, 400).Select(i => $"\"c{i}\": 30")) + "}}"),
            ["invalid identifier"] = await SendRawAsync(HttpMethod.Post, search, admin, "{\"participant\": \"+44 20\\u0007 7946\"}"),
            ["empty identifier"] = await SendRawAsync(HttpMethod.Post, search, admin, "{\"participant\": \"\"}"),
            ["page size"] = await SendRawAsync(HttpMethod.Post, search, admin, "{\"pageSize\": 100000}"),
            ["empty time range"] = await SendRawAsync(HttpMethod.Post, search, admin, "{\"from\": \"2026-01-02T00:00:00Z\", \"to\": \"2026-01-01T00:00:00Z\"}"),
            ["bad continuation"] = await SendRawAsync(HttpMethod.Post, search, admin, "{\"continuation\": \"%%%\"}"),
            ["bad enum"] = await SendRawAsync(HttpMethod.Post, search, admin, "{\"direction\": \"sideways\"}"),
            ["malformed tenant id"] = await SendRawAsync(HttpMethod.Get, "v1/tenants/Bad_Tenant/retention", admin, null),
            ["malformed call id"] = await SendRawAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/+442079460000", admin, null),
            ["unknown recording"] = await SendRawAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/no-such-call", admin, null),
            ["unknown route"] = await SendRawAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/nothing-here", admin, null),
            ["other tenant's recording"] = await SendRawAsync(HttpMethod.Delete, $"v1/tenants/{tenantId}/recordings/{callId}", fixture.TokenOf("intruder", "t-other", GridRoles.TenantAdmin), null),
            ["garbage token"] = await SendRawAsync(HttpMethod.Get, retention, "not.a.token", null),
        };

        Assert.Equal(new Dictionary<string, (HttpStatusCode, string)>
        {
            ["malformed JSON"] = (HttpStatusCode.BadRequest, "bad-request"),
            ["unknown field"] = (HttpStatusCode.BadRequest, "bad-request"),
            ["wrong type"] = (HttpStatusCode.BadRequest, "bad-request"),
            ["out of range"] = (HttpStatusCode.BadRequest, "invalid-input"),
            ["oversized body"] = (HttpStatusCode.RequestEntityTooLarge, "body-too-large"),
            ["invalid identifier"] = (HttpStatusCode.BadRequest, "invalid-input"),
            ["empty identifier"] = (HttpStatusCode.BadRequest, "invalid-input"),
            ["page size"] = (HttpStatusCode.BadRequest, "invalid-input"),
            ["empty time range"] = (HttpStatusCode.BadRequest, "invalid-input"),
            ["bad continuation"] = (HttpStatusCode.BadRequest, "invalid-input"),
            ["bad enum"] = (HttpStatusCode.BadRequest, "bad-request"),
            ["malformed tenant id"] = (HttpStatusCode.BadRequest, "invalid-input"),
            ["malformed call id"] = (HttpStatusCode.BadRequest, "invalid-input"),
            ["unknown recording"] = (HttpStatusCode.NotFound, "recording-not-found"),
            ["unknown route"] = (HttpStatusCode.NotFound, "not-found"),
            ["other tenant's recording"] = (HttpStatusCode.Forbidden, "not-authorized"),
            ["garbage token"] = (HttpStatusCode.Unauthorized, "unauthenticated"),
        }, cases);
        Assert.Equal(before, await TenantStorageSnapshot.TakeAsync(fixture.ConnectionString, tenantId));
        Assert.Equal(3650, (await fixture.Client.GetGrain<Grid.Tenants.ITenantGrain>(tenantId).GetInfoAsync()).Retention!.DefaultDays);
    }

    [Fact]
    public async Task A_tenant_over_its_request_rate_gets_429_and_other_tenants_do_not()
    {
        await using var limited = await ApiHost.StartAsync(fixture, new Dictionary<string, string?> { ["Grid:Api:RequestsPerMinutePerTenant"] = "3" });
        var busy = await TestTenants.ProvisionAsync(fixture.Client);
        var quiet = await TestTenants.ProvisionAsync(fixture.Client);
        var busyToken = fixture.TokenOf("a", busy, GridRoles.TenantAdmin);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await limited.SendAsync(HttpMethod.Get, $"v1/tenants/{busy}", busyToken);
            statuses.Add(response.StatusCode);
        }

        using var limitedResponse = await limited.SendAsync(HttpMethod.Get, $"v1/tenants/{busy}", busyToken);
        using var other = await limited.SendAsync(HttpMethod.Get, $"v1/tenants/{quiet}", fixture.TokenOf("b", quiet, GridRoles.TenantAdmin));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("rate-limited", await ApiHost.CodeOfAsync(limitedResponse));
        Assert.Equal("60", limitedResponse.Headers.RetryAfter?.ToString());
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Erasure_removes_the_recording_from_search_storage_and_replica_and_a_held_one_stays()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var erased = TestTenants.NewCallId();
        var held = TestTenants.NewCallId();
        foreach (var id in new[] { erased, held })
        {
            var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, id));
            await call.StartAsync(TestTenants.Metadata("+44 20 7946 4444"));
            await call.AppendAsync(0, TestTenants.RandomBytes(100, seed: 6));
            await call.EndAsync();
        }

        var officer = fixture.TokenOf("dpo", tenantId, GridRoles.PrivacyOfficer);
        var legal = fixture.TokenOf("counsel", tenantId, GridRoles.LegalHold);
        using var hold = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/holds", legal, new { caseReference = "CASE-77", legalBasis = "court order 12/2026", callId = held });
        Assert.Equal(HttpStatusCode.Created, hold.StatusCode);

        using var deleted = await api.SendAsync(HttpMethod.Delete, $"v1/tenants/{tenantId}/recordings/{erased}", officer);
        using var refused = await api.SendAsync(HttpMethod.Delete, $"v1/tenants/{tenantId}/recordings/{held}", officer);
        using var afterwards = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/{erased}/media", fixture.TokenOf("analyst", tenantId, GridRoles.Analyst));
        using var found = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/recordings/search", officer, new { participant = "+442079464444" });
        var page = System.Text.Json.JsonDocument.Parse(await found.Content.ReadAsStringAsync());
        var blobs = new Azure.Storage.Blobs.BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));
        var replica = new Azure.Storage.Blobs.BlobServiceClient(fixture.ReplicaEmulator.ConnectionString).GetBlobContainerClient(RecordingLayout.ContainerName(tenantId));
        var names = new List<string>();
        await foreach (var blob in blobs.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        var replicaNames = new List<string>();
        await foreach (var blob in replica.GetBlobsAsync())
        {
            replicaNames.Add(blob.Name);
        }

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal((HttpStatusCode.Conflict, "recording-on-hold"), (refused.StatusCode, await ApiHost.CodeOfAsync(refused)));
        Assert.Equal((HttpStatusCode.Gone, "recording-deleted"), (afterwards.StatusCode, await ApiHost.CodeOfAsync(afterwards)));
        Assert.Equal([held], page.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("callId").GetString()));
        Assert.DoesNotContain(names, n => n.StartsWith($"calls/{erased}/", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith($"calls/{held}/", StringComparison.Ordinal));
        Assert.DoesNotContain(replicaNames, n => n.Contains(erased, StringComparison.Ordinal));
        Assert.Contains(replicaNames, n => n.Contains(held, StringComparison.Ordinal));
    }
}
