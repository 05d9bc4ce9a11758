using System.Net;
using System.Text.Json.Nodes;
using Grid.Calls;
using Grid.Security;
using Grid.Tests.Infrastructure;
using Grid.Tests.Security;

namespace Grid.Tests.Api;

/// <summary>An auditor downloads the raw audit log and verifies it with a tool written from docs/audit-log.md alone.</summary>
[Collection(GridCollection.Name)]
public sealed class ApiAuditExportTests(GridFixture fixture) : IAsyncLifetime
{
    private ApiHost api = null!;

    public async Task InitializeAsync() => api = await ApiHost.StartAsync(fixture);

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task An_auditor_exports_the_raw_log_verifies_it_outside_the_grid_and_an_edited_line_is_caught()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(TestTenants.Metadata("+44 20 7946 6501"));
        await call.AppendAsync(0, TestTenants.RandomBytes(200, seed: 65));
        await call.EndAsync();
        var listener = fixture.TokenOf("analyst-e", tenantId, GridRoles.Analyst);
        for (var i = 0; i < 4; i++)
        {
            await TestTenants.PlayAsync(fixture.Client, tenantId, callId, listener);
        }

        var auditor = fixture.TokenOf("auditor-e", tenantId, GridRoles.Auditor);
        using var response = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/audit/export", auditor);
        var body = await response.Content.ReadAsStringAsync();
        var export = JsonNode.Parse(body)!;
        var records = export["records"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        var folder = Directory.CreateTempSubdirectory("audit-export").FullName;
        var path = Path.Combine(folder, "export.json");
        await File.WriteAllTextAsync(path, body);
        var (intactCode, intact) = await AuditLogVectorsTests.RunToolAsync("--export", path);

        // One line edited as someone with the storage key would: the listener's name replaced in the first playback.
        var firstPlayback = records.FindIndex(r => r.Contains("\"analyst-e\"", StringComparison.Ordinal));
        Assert.True(firstPlayback >= 0, body);
        export["records"]![firstPlayback] = records[firstPlayback].Replace("\"analyst-e\"", "\"analyst-f\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(path, export.ToJsonString());
        var (editedCode, edited) = await AuditLogVectorsTests.RunToolAsync("--export", path);

        // A period before anything happened exports nothing.
        using var before = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/audit/export?to=2000-01-01T00:00:00Z", auditor);
        var none = JsonNode.Parse(await before.Content.ReadAsStringAsync())!;
        Directory.Delete(folder, recursive: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Key creation, the recording's wrap and index key, four playbacks; signed at 5 (every 5 records in the tests).
        Assert.Equal(7, records.Count);
        Assert.Equal((0, "intact: 7 records, 1 checkpoints; 2 record(s) after the last signed head"), (intactCode, intact.Trim()));
        Assert.Equal(3, firstPlayback);
        Assert.Equal((1, $"record-broken at record {firstPlayback + 1}"), (editedCode, edited.Trim()));
        Assert.Equal((0, 0), (none["records"]!.AsArray().Count, none["checkpoints"]!.AsArray().Count));
    }

    [Fact]
    public async Task A_recordings_history_is_recreated_from_the_exported_log_who_did_what_and_in_which_order()
    {
        // Recorded with a pause for card data, played, redacted by two people, then deleted on request: every step
        // that changed or read the recording is in the exported log, with its time and verified actor.
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(TestTenants.Metadata("+44 20 7946 6502") with { MediaType = "audio/PCMU" });
        await call.AppendAsync(0, TestTenants.RandomBytes(8_000, seed: 66));
        await call.PauseAsync(new PauseRequest(1, "card-data", "recorder"));
        await call.ResumeAsync(1);
        await call.AppendAsync(1, TestTenants.RandomBytes(8_000, seed: 67));
        await call.EndAsync();
        var path = $"v1/tenants/{tenantId}/recordings/{callId}";
        using (await api.SendAsync(HttpMethod.Get, path + "/media", fixture.TokenOf("analyst-h", tenantId, GridRoles.Analyst)))
        {
        }

        using var requested = await api.SendAsync(HttpMethod.Post, path + "/redactions", fixture.TokenOf("dpo-h", tenantId, GridRoles.PrivacyOfficer), new { fromMs = 100, toMs = 200, reason = "card-data" });
        var redactionId = JsonNode.Parse(await requested.Content.ReadAsStringAsync())!["redactionId"]!.GetValue<string>();
        using (await api.SendAsync(HttpMethod.Post, $"{path}/redactions/{redactionId}/approve", fixture.TokenOf("admin-h", tenantId, GridRoles.TenantAdmin)))
        {
        }

        using (await api.SendAsync(HttpMethod.Delete, path, fixture.TokenOf("admin-h", tenantId, GridRoles.TenantAdmin)))
        {
        }

        using var response = await api.SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/audit/export", fixture.TokenOf("auditor-h", tenantId, GridRoles.Auditor));
        var export = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var history = export["records"]!.AsArray()
            .Select(line => JsonNode.Parse(line!.GetValue<string>())!)
            .Where(r => (string?)r["callId"] == callId)
            .Select(r => $"{(string)r["action"]!} {(string)r["purpose"]!} by {(string)r["principal"]!}")
            .ToList();

        Assert.Equal(
            [
                "key.wrap new-recording by test-user",
                "recording.paused card-data by test-user",
                "recording.resumed card-data by test-user",
                "key.unwrap metadata by analyst-h",
                "recording.read-summary read by analyst-h",
                "key.unwrap playback by analyst-h",
                "key.unwrap redaction-plan by dpo-h",
                $"recording.redaction-requested {redactionId} card-data by dpo-h",
                "key.unwrap redaction-plan by admin-h",
                $"recording.redaction-approved {redactionId} by admin-h",
                "key.unwrap redaction by admin-h",
                "key.wrap new-recording by admin-h",
                "recording.delete request by admin-h",
            ],
            history);
    }
}
