using System.Text.Json;
using Grid.Calls;
using Grid.Security;
using Grid.Tests.Infrastructure;
using Grid.Tests.Security;

namespace Grid.Tests.Api;

/// <summary>
/// Every API route by every kind of caller over real HTTP: no token, a forged one (the Grid's key id, another key),
/// an expired one, a valid token of another tenant with every tenant role, the operator, and each tenant role
/// alone. Each caller gets a fresh tenant with a sealed recording; refused requests must change nothing in the
/// tenant's storage. The expectation comes from the grain methods' access attributes (the API decides nothing
/// itself); the table of outcomes is the HTTP matrix in docs/authorization.md.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class ApiAuthorizationMatrixTests(GridFixture fixture)
{
    private static readonly string[] Callers = MatrixCallers.All;

    /// <summary>The routes in an order one caller can run them all (reversible changes, deletion last).</summary>
    private static readonly Route[] Routes =
    [
        new("GET", "", null, "200"),
        new("GET", "/retention", null, "200"),
        new("PUT", "/retention", new { defaultDays = 400 }, "200"),
        new("GET", "/holds", null, "200"),
        new("POST", "/holds", new { caseReference = "" }, "400 invalid-input"),
        new("POST", "/holds/{holdId}/release", null, "400 invalid-input"),
        new("POST", "/holds/{holdId}/export", null, "400 invalid-input"),
        new("GET", "/holds/{holdId}/export", null, "409 request-state"),
        new("POST", "/webhooks", new { url = "ftp://example.test/hook" }, "400 invalid-input"),
        new("GET", "/webhooks", null, "200"),
        new("POST", "/webhooks/{endpointId}/ping", null, "400 invalid-input"),
        new("DELETE", "/webhooks/{endpointId}", null, "200"),
        new("GET", "/webhooks/dead-letters", null, "200"),
        new("POST", "/recorders/{name}/secret", null, "200"),
        new("DELETE", "/recorders/{name}", null, "200"),
        new("GET", "/recorders/health", null, "200"),
        new("POST", "/webhooks/dead-letters/replay", null, "200"),
        new("GET", "/keys", null, "200"),
        new("POST", "/keys/rotate", new { rewrapExisting = false }, "200"),
        new("POST", "/keys/revoke", null, "200"),
        new("POST", "/keys/enable", null, "200"),
        new("POST", "/certificates", new { scope = "matrix" }, "200"),
        new("GET", "/certificates/verification-key", null, "200"),
        new("GET", "/audit", null, "200"),
        new("GET", "/audit/export", null, "200"),
        new("POST", "/recordings/search", new { }, "200"),
        new("GET", "/recordings/{call}", null, "200"),
        new("GET", "/recordings/{call}/metadata", null, "200"),
        new("GET", "/recordings/{call}/media", null, "200"),
        new("GET", "/recordings/{call}/waveform", null, "200"),
        new("GET", "/recordings/{call}/original", null, "200"),
        new("POST", "/recordings/{call}/pause", new { reason = "card-data" }, "409 call-sealed"),
        new("POST", "/recordings/{call}/resume", null, "409 call-sealed"),
        new("POST", "/recordings/{call}/retention", new { retainUntil = "2000-01-01T00:00:00Z" }, "400 invalid-input"),
        new("POST", "/recordings/{call}/redactions", new { fromMs = 5, toMs = 5, reason = "card-data" }, "400 invalid-input"),
        new("POST", "/recordings/{call}/redactions/{redactionId}/approve", null, "404 redaction-not-found"),
        new("POST", "/recordings/{call}/redactions/{redactionId}/reject", null, "404 redaction-not-found"),
        new("GET", "/recordings/{call}/redactions/{redactionId}/certificate", null, "404 redaction-not-found"),
        new("POST", "/completeness/expected", new { calls = Array.Empty<object>() }, "400 invalid-input"),
        new("GET", "/completeness", null, "400 invalid-input"),
        new("GET", "/completeness/policy", null, "200"),
        new("PUT", "/completeness/policy", new { alwaysRecordedLines = new[] { "Not A Label" } }, "400 invalid-input"),
        new("POST", "/requests", new { kind = "access", identifier = "" }, "400 invalid-input"),
        new("GET", "/requests", null, "200"),
        new("GET", "/requests/{requestId}", null, "404 request-not-found"),
        new("POST", "/requests/{requestId}/verify-identity", new { text = "checked" }, "404 request-not-found"),
        new("POST", "/requests/{requestId}/extend", new { text = "complex" }, "404 request-not-found"),
        new("POST", "/requests/{requestId}/refuse", new { text = "unfounded" }, "404 request-not-found"),
        new("POST", "/requests/{requestId}/run", new { }, "404 request-not-found"),
        new("GET", "/requests/{requestId}/bundle", null, "404 request-not-found"),
        new("GET", "/subprocessors", null, "200"),
        new("GET", "/subprocessors/notices", null, "200"),
        new("POST", "/subprocessors/notices/{changeId}/objection", new { text = "not agreed" }, "409 governance-state"),
        new("POST", "/subprocessors/notices/{changeId}/choice", new { choice = "withdraw" }, "409 governance-state"),
        new("GET", "/incidents", null, "200"),
        new("POST", "/incidents/{incidentId}/acknowledge", null, "409 governance-state"),
        new("POST", "/audit-requests", new { scope = "" }, "400 invalid-input"),
        new("GET", "/audit-requests", null, "200"),
        new("GET", "/record-of-processing", null, "200"),
        new("GET", "/transfers", null, "200"),
        new("POST", "/transfers/safeguards", new { destination = "usa", kind = "standardContractualClauses", reference = "scc" }, "400 invalid-input"),
        new("GET", "/v1/processor/subprocessors", null, "200"),
        new("GET", "/v1/processor/subprocessors/changes", null, "200"),
        new("POST", "/v1/processor/subprocessors/changes", new { kind = "add" }, "400 invalid-input"),
        new("GET", "/v1/processor/tenants", null, "200"),
        new("POST", "/v1/processor/incidents", new { whatHappened = "", measuresTaken = "" }, "400 invalid-input"),
        new("POST", "/v1/processor/incidents/{incidentId}/updates", new { text = "contained" }, "409 governance-state"),
        new("GET", "/v1/processor/incidents/{incidentId}", null, "409 governance-state"),
        new("DELETE", "/recordings/{call}/restriction", null, "200"),
        new("POST", "/suspend", null, "200"),
        new("POST", "/resume", null, "200"),
        new("DELETE", "/recordings/{call}", null, "200"),
        new("POST", "/terminate", new { effectiveAt = "2100-01-01T00:00:00Z", returnWindowDays = 7, deleteWithinDays = 15 }, "200"),
    ];

    [Fact]
    public async Task Every_route_by_every_caller_gets_exactly_the_expected_status_and_refusals_change_nothing()
    {
        await using var api = await ApiHost.StartAsync(fixture);
        var outcomes = new Dictionary<(string Caller, int Route), string>();
        var roles = Routes.Select(r => RolesOf(api, r)).ToArray();
        Assert.Equal(api.RouteCount, Routes.Length);
        foreach (var caller in Callers)
        {
            var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
            var callId = TestTenants.NewCallId();
            var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
            await call.StartAsync(TestTenants.Metadata() with { MediaType = "audio/PCMU" });
            await call.AppendAsync(0, TestTenants.RandomBytes(100, seed: 1));
            await call.EndAsync();
            var token = TokenOf(caller, tenantId);
            var expected = Enumerable.Range(0, Routes.Length).Select(i => Expected(caller, Routes[i], roles[i])).ToArray();

            var before = await TenantStorageSnapshot.TakeAsync(fixture.ConnectionString, tenantId);
            for (var i = 0; i < Routes.Length; i++)
            {
                if (expected[i] is "401 credential" or "403 tenant" or "403 role")
                {
                    outcomes[(caller, i)] = await SendAsync(api, Routes[i], tenantId, callId, token);
                }
            }

            Assert.Equal(before, await TenantStorageSnapshot.TakeAsync(fixture.ConnectionString, tenantId));
            for (var i = 0; i < Routes.Length; i++)
            {
                if (expected[i] is not ("401 credential" or "403 tenant" or "403 role"))
                {
                    outcomes[(caller, i)] = await SendAsync(api, Routes[i], tenantId, callId, token);
                }
            }

            for (var i = 0; i < Routes.Length; i++)
            {
                Assert.True(expected[i] == outcomes[(caller, i)], $"{caller} {Routes[i].Method} {Routes[i].Path}: expected {expected[i]}, got {outcomes[(caller, i)]}");
            }
        }

        AuthorizationDocument.CheckTable("http-matrix", nameof(ApiAuthorizationMatrixTests), "route",
            Routes.Select(r => $"`{r.Method} {(r.IsProcessor ? "" : "/v1/tenants/{tenant}")}{r.Path.Replace("{call}", "{callId}", StringComparison.Ordinal)}`").ToList(), Callers,
            (i, caller) => outcomes[(caller, i)] is var o && (o.StartsWith("401", StringComparison.Ordinal) || o.StartsWith("403", StringComparison.Ordinal)) ? "✘ " + o : "✔ " + o[..3]);
    }

    /// <summary>Who the grain methods behind a route accept, read from the endpoint's metadata.</summary>
    private static IReadOnlyList<string> RolesOf(ApiHost api, Route route) => api.RolesOf(route.Method, (route.IsProcessor ? "" : "/v1/tenants/{tenantId}") + route.Path.Replace("{call}", "{callId}", StringComparison.Ordinal).TrimEnd('/'));

    private static string Expected(string caller, Route route, IReadOnlyList<string> roles) => caller switch
    {
        "none" or "forged" or "expired" => "401 credential",
        "other-tenant" => "403 tenant",
        _ when route.IsProcessor && caller != GridRoles.Operator => "403 tenant",
        _ when !roles.Contains(caller) => "403 role",
        GridRoles.LegalHold when route.Path is "/recordings/{call}/metadata" or "/recordings/{call}/media" or "/recordings/{call}/waveform" or "/recordings/{call}/original" => "403 content",
        _ => route.Success,
    };

    private static async Task<string> SendAsync(ApiHost api, Route route, string tenantId, string callId, string? token)
    {
        using var response = await api.SendAsync(new HttpMethod(route.Method), $"{(route.IsProcessor ? route.Path[1..] : $"v1/tenants/{tenantId}{route.Path}").Replace("{call}", callId, StringComparison.Ordinal).Replace("{changeId}", "spc-none", StringComparison.Ordinal).Replace("{incidentId}", "inc-none", StringComparison.Ordinal).Replace("{holdId}", "hold-none", StringComparison.Ordinal).Replace("{requestId}", "dsr-none", StringComparison.Ordinal).Replace("{endpointId}", "wh-none", StringComparison.Ordinal).Replace("{name}", "matrix-srs", StringComparison.Ordinal).Replace("{redactionId}", "red-none", StringComparison.Ordinal)}", token, route.Body);
        var status = (int)response.StatusCode;
        if (status < 400)
        {
            return status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var code = await ApiHost.CodeOfAsync(response);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return status switch
        {
            401 => "401 credential",
            403 when problem.RootElement.TryGetProperty("reason", out var reason) => "403 " + reason.GetString(),
            _ => $"{status} {code}",
        };
    }

    private string? TokenOf(string caller, string tenantId) => MatrixCallers.TokenOf(fixture, caller, tenantId);

    private sealed record Route(string Method, string Path, object? Body, string Success)
    {
        /// <summary>A processor route (absolute path), not one under the tenant.</summary>
        public bool IsProcessor => Path.StartsWith("/v1/", StringComparison.Ordinal);
    }
}
