using System.Net;
using System.Text.Json;
using Grid.Errors;
using Grid.Grains.Residency;
using Grid.Residency;
using Grid.Security;
using Grid.Tenants;
using Grid.Tests.Api;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Residency;

/// <summary>
/// The transfer guard: tenant data leaves the tenant's jurisdiction only for a destination the tenant recorded a
/// safeguard for (a webhook receiver's declared country here); each decision is audited and listed in the record
/// of processing. Tenants are provisioned only in configured regions; a replica outside a region's jurisdiction
/// without a safeguard stops the silo.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class TransferGuardTests(GridFixture fixture) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private ApiHost api = null!;

    public async Task InitializeAsync() => api = await ApiHost.StartAsync(fixture);

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public void Transfers_within_the_jurisdiction_pass_and_others_need_the_destinations_safeguard()
    {
        var scc = new TransferSafeguard { Destination = "US", Kind = TransferSafeguardKind.StandardContractualClauses, Reference = "DPA-2026 annex 4" };

        var germany = TransferRules.Decide("EEA", "DE", "webhook endpoint", [], Now);
        var britain = TransferRules.Decide("EEA", "GB", "webhook endpoint", [scc], Now);
        var states = TransferRules.Decide("EEA", "US", "webhook endpoint", [scc], Now);
        var fromUk = TransferRules.Decide("UK", "GB", "webhook endpoint", [], Now);
        var malformed = Assert.Throws<GridValidationException>(() => TransferRules.Decide("EEA", "usa", "webhook endpoint", [], Now));

        Assert.Equal((true, "within EEA"), (germany.Allowed, germany.Reason));
        Assert.Equal((false, "GB is outside EEA and the tenant recorded no safeguard for it"), (britain.Allowed, britain.Reason));
        Assert.Equal((true, "StandardContractualClauses: DPA-2026 annex 4"), (states.Allowed, states.Reason));
        Assert.True(fromUk.Allowed);
        Assert.Contains("ISO 3166-1 alpha-2", malformed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_replica_in_another_jurisdiction_without_a_safeguard_stops_the_silo_naming_the_setting()
    {
        var options = new ResidencyOptions { Regions = { ["eu-west"] = new RegionSettings { Jurisdiction = "EEA", ReplicaJurisdiction = "US" } } };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);
        options.Regions["eu-west"].ReplicaSafeguard = "SCCs 2021/914, processor-to-processor";
        options.Validate();

        Assert.StartsWith("Grid:Residency:Regions:eu-west: the replica is in US, outside the region's jurisdiction EEA", error.Message, StringComparison.Ordinal);
        Assert.Contains("Grid:Residency:Regions:eu-west:ReplicaSafeguard", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_cannot_be_provisioned_in_a_region_the_grid_has_no_storage_for()
    {
        var tenantId = TestTenants.NewTenantId();
        var tenant = fixture.Client.GetGrain<ITenantGrain>(tenantId);

        var refused = await Assert.ThrowsAsync<GridValidationException>(() => tenant.ProvisionAsync(TestTenants.Settings() with { ResidencyRegion = "mars-base" }));
        var unknown = await Assert.ThrowsAsync<TenantUnavailableException>(() => tenant.GetInfoAsync());

        Assert.StartsWith("residencyRegion 'mars-base' is not a region this Grid stores data in; use one of: eu-north, eu-west, uk-south, us-east", refused.Message, StringComparison.Ordinal);
        Assert.Equal(GridErrorCode.TenantUnknown, unknown.Code);
    }

    [Fact]
    public async Task A_webhook_receiver_outside_the_jurisdiction_is_refused_and_audited_until_the_tenant_records_a_safeguard()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var admin = fixture.TokenOf("admin-tg", tenantId, GridRoles.TenantAdmin);
        var officer = fixture.TokenOf("dpo-tg", tenantId, GridRoles.PrivacyOfficer);
        var hook = new { url = "http://127.0.0.1:9/hook", location = "US" };

        var refused = await SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/webhooks", admin, hook, HttpStatusCode.Forbidden);
        var none = await SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/webhooks", admin, null);
        var inside = await SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/webhooks", admin, new { url = "http://127.0.0.1:9/eu", location = "IE" }, HttpStatusCode.Created);
        await SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/transfers/safeguards", officer, new { destination = "US", kind = "standardContractualClauses", reference = "SCC module 2, 2026-05-04" });
        var allowed = await SendAsync(HttpMethod.Post, $"v1/tenants/{tenantId}/webhooks", admin, hook, HttpStatusCode.Created);
        var residency = await SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/transfers", officer, null);
        var record = await SendAsync(HttpMethod.Get, $"v1/tenants/{tenantId}/record-of-processing", officer, null);

        Assert.Equal("transfer-refused", refused.GetProperty("code").GetString());
        Assert.StartsWith("Transfer refused: US is outside EEA and the tenant recorded no safeguard for it.", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, none.GetArrayLength());
        Assert.Equal("IE", inside.GetProperty("endpoint").GetProperty("location").GetString());
        Assert.Equal("US", allowed.GetProperty("endpoint").GetProperty("location").GetString());
        Assert.Equal(("eu-west", "EEA"), (residency.GetProperty("region").GetString(), residency.GetProperty("jurisdiction").GetString()));
        Assert.Equal([(true, "US"), (true, "IE"), (false, "US")], residency.GetProperty("decisions").EnumerateArray().Select(d => (d.GetProperty("allowed").GetBoolean(), d.GetProperty("destination").GetString())));
        var transfers = record.GetProperty("transfers").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Contains(transfers, t => t.StartsWith("tenant safeguard for US: StandardContractualClauses, SCC module 2, 2026-05-04", StringComparison.Ordinal));
        Assert.Contains(transfers, t => t.StartsWith("refused: webhook endpoint in US on ", StringComparison.Ordinal));
        var log = (await fixture.Client.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).ReadAsync()).Records;
        Assert.Equal(["transfer.refused", "transfer.allowed", "transfer.safeguard", "transfer.allowed"], log.Where(r => r.Action.StartsWith("transfer.", StringComparison.Ordinal)).Select(r => r.Action));
        Assert.Equal(1, log.Count(r => r.Action == "transfer.refused" && r.Principal == "admin-tg" && r.Purpose == "webhook endpoint in US: US is outside EEA and the tenant recorded no safeguard for it"));
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string token, object? body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await api.SendAsync(method, path, token, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
