using System.Net;
using System.Text.Json;
using Grid.Calls;
using Microsoft.AspNetCore.Builder;
using Grid.Security;
using Grid.Tests.Api;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Governance;

/// <summary>
/// Governance over real HTTP: audit rights (12-month rule, exceptions, the auditor's credential that expires by
/// itself and reads only what an auditor may), the record of processing from live configuration (JSON and
/// Markdown), and the notices reaching a real webhook receiver.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class GovernanceApiTests(GridFixture fixture) : IAsyncLifetime
{
    private ApiHost api = null!;

    public async Task InitializeAsync() => api = await ApiHost.StartAsync(fixture);

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task An_ordinary_audit_is_allowed_once_in_12_months_exceptions_are_recorded_and_the_auditor_credential_expires_by_itself()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = await RecordAsync(tenantId);
        var admin = fixture.TokenOf("admin-alma", tenantId, GridRoles.TenantAdmin);
        var start = fixture.Clock.GetUtcNow();
        var accepted = await SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/audit-requests", admin, new { scope = "Annual audit of security measures", credentialDays = 7 }, HttpStatusCode.Created);
        var clientId = accepted.GetProperty("auditorClientId").GetString()!;
        var secret = accepted.GetProperty("auditorSecret").GetString()!;
        var token = (await SendAsync(HttpMethod.Post, "v1/auditor-token", null, new { clientId, secret })).GetProperty("value").GetString()!;
        var wrong = await SendAsync(HttpMethod.Post, "v1/auditor-token", null, new { clientId, secret = secret + "x" }, HttpStatusCode.Unauthorized);
        using var auditLog = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/audit", token);
        using var record = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/record-of-processing", token);
        using var metadata = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/recordings/{callId}/metadata", token);
        using var rotate = await api.SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/keys/rotate", token, new { rewrapExisting = false });

        fixture.Clock.Advance(start.AddMonths(12) - TimeSpan.FromSeconds(1) - fixture.Clock.GetUtcNow());
        var tooSoon = await SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/audit-requests", admin, new { scope = "Again" }, HttpStatusCode.Conflict);
        var authority = await SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/audit-requests", admin, new { scope = "Ordered", exception = "authorityInstruction", reference = "DPC-2027-0042" }, HttpStatusCode.Created);
        var noIncident = await SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/audit-requests", admin, new { scope = "After incident", exception = "incident", reference = "inc-none" }, HttpStatusCode.Conflict);
        var expired = await SendAsync(HttpMethod.Post, "v1/auditor-token", null, new { clientId, secret }, HttpStatusCode.Unauthorized);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/audit-requests", admin, new { scope = "Annual audit, year two" }, HttpStatusCode.Created);
        var listed = await SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/audit-requests", admin, null);

        Assert.Equal(start.AddDays(7), accepted.GetProperty("request").GetProperty("credentialExpiresAt").GetDateTimeOffset());
        Assert.Equal("unauthenticated", wrong.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, auditLog.StatusCode);
        Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (metadata.StatusCode, rotate.StatusCode));
        Assert.Equal("audit-too-soon", tooSoon.GetProperty("code").GetString());
        Assert.Equal("DPC-2027-0042", authority.GetProperty("request").GetProperty("spec").GetProperty("reference").GetString());
        Assert.Equal("governance-state", noIncident.GetProperty("code").GetString());
        Assert.Contains("expired", expired.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, listed.GetArrayLength());
        var log = (await fixture.Client.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).ReadAsync()).Records;
        Assert.Equal(3, log.Count(r => r.Action == "audit-request.accept" && r.Principal == "admin-alma"));
        Assert.Contains(log, r => r.Action == "record-of-processing.read" && r.Principal == "auditor:" + clientId.Split('/')[1]);
    }

    [Fact]
    public async Task The_record_of_processing_is_generated_from_live_configuration_as_json_and_as_a_document()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = await RecordAsync(tenantId);
        var admin = fixture.TokenOf("admin-rui", tenantId, GridRoles.TenantAdmin);
        var officer = fixture.TokenOf("dpo-rui", tenantId, GridRoles.PrivacyOfficer);
        var operatorToken = fixture.TokenOf("ops-rui", GridPrincipal.AnyTenant, GridRoles.Operator);
        var id = "sp-us-" + Guid.NewGuid().ToString("N")[..8];
        var effective = fixture.Clock.GetUtcNow().AddDays(10);
        await SendAsync(HttpMethod.Post, "v1/processor/subprocessors/changes", operatorToken, new
        {
            kind = "add",
            subProcessor = new { id, name = "Example Support Inc.", purpose = "Second-line support", country = "US", dataCategories = new[] { "operational metadata" }, transferSafeguard = "SCCs 2021/914, module 3", service = "other" },
            effectiveAt = effective,
        }, HttpStatusCode.Created);
        await SendAsync(HttpMethod.Put, $"v1/tenants/{tenantId}/retention", admin, new { defaultDays = 400 });
        await SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/holds", admin, new { caseReference = "CASE-77", callId, legalBasis = "court order" }, HttpStatusCode.Created);
        var before = await SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/record-of-processing", officer, null);
        fixture.Clock.Advance(effective - fixture.Clock.GetUtcNow());
        var after = await SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/record-of-processing", officer, null);
        using var markdown = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/record-of-processing?format=markdown", officer);
        var document = await markdown.Content.ReadAsStringAsync();

        Assert.Equal(("eu-west (EEA)", 400, 1), (after.GetProperty("residencyRegion").GetString(), after.GetProperty("retention").GetProperty("defaultDays").GetInt32(), after.GetProperty("activeHolds").GetInt32()));
        Assert.DoesNotContain(id, before.GetProperty("subProcessors").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Contains(id, after.GetProperty("subProcessors").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Contains($"{id} processes in US: SCCs 2021/914, module 3", after.GetProperty("transfers").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["none: every sub-processor in force processes in EEA"], before.GetProperty("transfers").EnumerateArray().Select(t => t.GetString()));
        var measures = after.GetProperty("securityMeasures");
        Assert.Equal("mutual TLS between silos and from every client (development CA)", measures.GetProperty("Transport").GetString());
        Assert.Equal("encrypted copy of every sealed recording in a second storage account", measures.GetProperty("Replica").GetString());
        Assert.StartsWith("software key files (AES-256-GCM wrap; development only); key status active, version 1", measures.GetProperty("Tenant key custody").GetString(), StringComparison.Ordinal);
        Assert.Equal(6, after.GetProperty("risks").GetArrayLength());
        Assert.Equal("text/markdown", markdown.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("# Record of processing — Test Tenant\n", document, StringComparison.Ordinal);
        Assert.Contains($"| {id} | Example Support Inc. | Second-line support | US | operational metadata | SCCs 2021/914, module 3 |", document, StringComparison.Ordinal);
        Assert.DoesNotContain("+44", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sub_processor_notices_and_incidents_reach_a_real_webhook_receiver_signed_with_ids_only()
    {
        var received = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var receiver = await LoopbackWebHost.StartAsync(app => app.MapPost("/hook", async (Microsoft.AspNetCore.Http.HttpContext http) =>
        {
            received.Enqueue(await new StreamReader(http.Request.Body).ReadToEndAsync());
            return Microsoft.AspNetCore.Http.Results.Ok();
        }));
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var admin = fixture.TokenOf("admin-hook", tenantId, GridRoles.TenantAdmin);
        var operatorToken = fixture.TokenOf("ops-hook", GridPrincipal.AnyTenant, GridRoles.Operator);
        await SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/webhooks", admin, new { url = new Uri(receiver.Base, "hook").ToString() }, HttpStatusCode.Created);
        var id = "sp-hook-" + Guid.NewGuid().ToString("N")[..8];
        var change = await SendAsync(HttpMethod.Post, "v1/processor/subprocessors/changes", operatorToken, new
        {
            kind = "add",
            subProcessor = new { id, name = "Example Keys GmbH", purpose = "Key custody", country = "DE", dataCategories = new[] { "wrapped keys" }, service = "keyCustody" },
            effectiveAt = fixture.Clock.GetUtcNow().AddDays(10),
        }, HttpStatusCode.Created);
        var incident = await SendAsync(HttpMethod.Post, "v1/processor/incidents", operatorToken,
            IncidentWorkflowTests.Declaration([tenantId], fixture.Clock.GetUtcNow().AddHours(-1)), HttpStatusCode.Created);
        var changeId = change.GetProperty("changeId").GetString();
        var incidentId = incident.GetProperty("incidentId").GetString();
        var bodies = await Eventually.UntilAsync(() => Task.FromResult(received.ToList()), b => b.Count(x => x.Contains("\"reference\":\"", StringComparison.Ordinal)) >= 2);
        var events = bodies.Select(b => JsonDocument.Parse(b).RootElement).Where(e => e.TryGetProperty("reference", out var r) && r.ValueKind == JsonValueKind.String).ToList();

        Assert.Equal([("subprocessor.notice", changeId), ("incident.declared", incidentId)],
            events.Select(e => (e.GetProperty("type").GetString(), e.GetProperty("reference").GetString())).OrderByDescending(e => e.Item1));
        Assert.All(events, e => Assert.Equal(tenantId, e.GetProperty("tenantId").GetString()));
        Assert.All(bodies, b => Assert.DoesNotContain("Example Keys", b, StringComparison.Ordinal));
        Assert.All(bodies, b => Assert.DoesNotContain("build log", b, StringComparison.Ordinal));
        var notified = (await SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/incidents", admin, null))[0];
        Assert.Equal("high", notified.GetProperty("severity").GetString());
        var acknowledged = await SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/incidents/{incidentId}/acknowledge", admin, null);
        Assert.Equal("admin-hook", acknowledged.GetProperty("notification").GetProperty("acknowledgedBy").GetString());
    }

    private async Task<string> RecordAsync(string tenantId)
    {
        var callId = TestTenants.NewCallId();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(TestTenants.Metadata());
        await call.AppendAsync(0, TestTenants.RandomBytes(320, seed: 3));
        await call.EndAsync();
        return callId;
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? token, object? body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await api.SendAsync(method, path, token, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
