using Grid.Calls;
using Grid.Client.Credentials;
using Grid.Errors;
using Grid.Keys;
using Grid.Security;
using Grid.Tenants;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Cluster;

[Collection(GridCollection.Name)]
public sealed class TenantAndAccessTests(GridFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    private ICallGrain Call(string tenantId, string callId) => Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));

    private async Task<(string TenantId, string CallId, byte[] Media)> SealedCallAsync()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var callId = TestTenants.NewCallId();
        var call = Call(tenantId, callId);
        var media = TestTenants.RandomBytes(1000, seed: 42);
        await call.StartAsync(TestTenants.Metadata());
        await call.AppendAsync(0, media);
        await call.EndAsync();
        return (tenantId, callId, media);
    }

    [Fact]
    public async Task Provisioning_is_idempotent_and_different_settings_are_refused()
    {
        var tenantId = TestTenants.NewTenantId();
        var tenant = Client.GetGrain<ITenantGrain>(tenantId);

        var first = await tenant.ProvisionAsync(TestTenants.Settings());
        var again = await tenant.ProvisionAsync(TestTenants.Settings());
        var error = await Assert.ThrowsAsync<TenantUnavailableException>(() => tenant.ProvisionAsync(TestTenants.Settings("Other Name")));

        Assert.Equal(GridErrorCode.TenantAlreadyProvisioned, error.Code);
        Assert.Equal(TenantStatus.Active, first.Status);
        Assert.Equal(first, again);
        Assert.Equal(new KeyReference(KeyCustodyKind.Software, $"software:{tenantId}", 1), first.CurrentKey);
        Assert.Equal("Test Tenant", (await tenant.GetInfoAsync()).Settings.DisplayName);
    }

    [Theory]
    [InlineData("", "eu-west", 90)]
    [InlineData("Bad\u0007Name", "eu-west", 90)]
    [InlineData("Name", "EU West", 90)]
    [InlineData("Name", "eu-west", 0)]
    [InlineData("Name", "eu-west", 36501)]
    public async Task Invalid_tenant_settings_are_refused_and_nothing_is_provisioned(string name, string region, int retention)
    {
        var tenant = Client.GetGrain<ITenantGrain>(TestTenants.NewTenantId());

        var error = await Assert.ThrowsAsync<GridValidationException>(() => tenant.ProvisionAsync(new TenantSettings { DisplayName = name, ResidencyRegion = region, RetentionDays = retention }));

        Assert.Equal(GridErrorCode.InvalidInput, error.Code);
        var unknown = await Assert.ThrowsAsync<TenantUnavailableException>(() => tenant.GetInfoAsync());
        Assert.Equal(GridErrorCode.TenantUnknown, unknown.Code);
    }

    [Fact]
    public async Task Unknown_tenant_cannot_start_a_call_and_nothing_is_created()
    {
        var tenantId = TestTenants.NewTenantId();
        var call = Call(tenantId, TestTenants.NewCallId());

        var error = await Assert.ThrowsAsync<TenantUnavailableException>(() => call.StartAsync(TestTenants.Metadata()));

        Assert.Equal(GridErrorCode.TenantUnknown, error.Code);
        Assert.Equal(CallStatus.None, (await call.GetSummaryAsync()).Status);
        var container = new Azure.Storage.Blobs.BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(Grid.Storage.RecordingLayout.ContainerName(tenantId));
        Assert.False((await container.ExistsAsync()).Value);
    }

    [Fact]
    public async Task Suspended_tenant_cannot_record_or_play_back_until_resumed()
    {
        var (tenantId, callId, media) = await SealedCallAsync();
        var tenant = Client.GetGrain<ITenantGrain>(tenantId);
        await tenant.SuspendAsync();

        var start = await Assert.ThrowsAsync<TenantUnavailableException>(() => Call(tenantId, TestTenants.NewCallId()).StartAsync(TestTenants.Metadata()));
        var play = await Assert.ThrowsAsync<TenantUnavailableException>(() => TestTenants.PlayAsync(Client, tenantId, callId));

        Assert.Equal(GridErrorCode.TenantSuspended, start.Code);
        Assert.Equal(GridErrorCode.TenantSuspended, play.Code);
        await tenant.ResumeAsync();
        Assert.Equal(media, await TestTenants.PlayAsync(Client, tenantId, callId));
    }

    [Fact]
    public async Task A_terminating_tenant_cannot_start_calls_but_can_still_export()
    {
        var (tenantId, callId, media) = await SealedCallAsync();
        var tenant = Client.GetGrain<ITenantGrain>(tenantId);
        await tenant.TerminateAsync(new Grid.Retention.TerminationRequest(fixture.Clock.GetUtcNow(), ReturnWindowDays: 10, DeleteWithinDays: 15));

        var start = await Assert.ThrowsAsync<TenantUnavailableException>(() => Call(tenantId, TestTenants.NewCallId()).StartAsync(TestTenants.Metadata()));
        var resume = await Assert.ThrowsAsync<TenantUnavailableException>(() => tenant.ResumeAsync());

        Assert.Equal(GridErrorCode.TenantTerminating, start.Code);
        Assert.Equal(GridErrorCode.TenantTerminating, resume.Code);
        Assert.Equal(TenantStatus.Terminating, (await tenant.GetInfoAsync()).Status);
        Assert.Equal(media, await TestTenants.PlayAsync(Client, tenantId, callId));
    }

    [Fact]
    public async Task A_termination_dated_in_the_future_lets_the_tenant_record_until_its_date()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var tenant = Client.GetGrain<ITenantGrain>(tenantId);
        var effective = fixture.Clock.GetUtcNow().AddDays(10);
        await tenant.TerminateAsync(new Grid.Retention.TerminationRequest(effective, ReturnWindowDays: 14, DeleteWithinDays: 15));

        var callId = TestTenants.NewCallId();
        var media = TestTenants.RandomBytes(3_000, seed: 77);
        var call = Call(tenantId, callId);
        await call.StartAsync(TestTenants.Metadata());
        await call.AppendAsync(0, media);
        await call.EndAsync();

        var info = await tenant.GetInfoAsync();
        Assert.Equal((TenantStatus.Terminating, effective), (info.Status, info.Termination!.EffectiveAt));
        Assert.Equal(media, await TestTenants.PlayAsync(Client, tenantId, callId));
    }

    [Theory]
    [InlineData(10, 16)]
    [InlineData(0, 0)]
    [InlineData(15, 15)]
    [InlineData(-1, 5)]
    public async Task A_termination_that_would_keep_data_past_15_days_is_refused(int returnWindowDays, int deleteWithinDays)
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var tenant = Client.GetGrain<ITenantGrain>(tenantId);

        var error = await Assert.ThrowsAsync<GridValidationException>(() => tenant.TerminateAsync(new Grid.Retention.TerminationRequest(fixture.Clock.GetUtcNow(), returnWindowDays, deleteWithinDays)));

        Assert.Equal(GridErrorCode.InvalidInput, error.Code);
        Assert.Equal(TenantStatus.Active, (await tenant.GetInfoAsync()).Status);
    }

    [Fact]
    public async Task A_termination_whose_deadline_has_passed_is_refused_and_a_past_effective_date_is_kept()
    {
        var late = Client.GetGrain<ITenantGrain>(await TestTenants.ProvisionAsync(Client));
        var recent = Client.GetGrain<ITenantGrain>(await TestTenants.ProvisionAsync(Client));
        var now = fixture.Clock.GetUtcNow();

        var refused = await Assert.ThrowsAsync<GridValidationException>(() => late.TerminateAsync(new Grid.Retention.TerminationRequest(now.AddDays(-20), ReturnWindowDays: 14, DeleteWithinDays: 15)));
        var info = await recent.TerminateAsync(new Grid.Retention.TerminationRequest(now.AddDays(-3), ReturnWindowDays: 1, DeleteWithinDays: 15));

        Assert.Contains("has already passed", refused.Message, StringComparison.Ordinal);
        Assert.Equal(TenantStatus.Active, (await late.GetInfoAsync()).Status);
        Assert.Equal(now.AddDays(-3), info.Termination!.EffectiveAt);
        Assert.Equal(now.AddDays(-2), info.Termination.DeletionStartsAt);
        Assert.Equal(now.AddDays(12), info.Termination.DeleteBy);
    }

    [Fact]
    public async Task A_principal_of_another_tenant_is_refused_playback_and_metadata()
    {
        var (tenantId, callId, _) = await SealedCallAsync();
        var otherTenant = await TestTenants.ProvisionAsync(Client);
        var intruder = fixture.Token(otherTenant, GridRoles.Analyst);

        var play = await Assert.ThrowsAsync<NotAuthorizedException>(() => TestTenants.PlayAsync(Client, tenantId, callId, intruder));
        NotAuthorizedException metadata;
        using (GridCredentials.Use(intruder))
        {
            metadata = await Assert.ThrowsAsync<NotAuthorizedException>(() => Call(tenantId, callId).GetMetadataAsync());
        }

        Assert.Equal(GridErrorCode.NotAuthorized, play.Code);
        Assert.Equal(NotAuthorizedReason.Tenant, play.Reason);
        Assert.Equal(NotAuthorizedReason.Tenant, metadata.Reason);
    }

    [Fact]
    public async Task A_principal_without_the_playback_role_is_refused()
    {
        var (tenantId, callId, _) = await SealedCallAsync();
        var admin = fixture.Token(tenantId, GridRoles.TenantAdmin, GridRoles.Auditor, GridRoles.PrivacyOfficer);

        var play = await Assert.ThrowsAsync<NotAuthorizedException>(() => TestTenants.PlayAsync(Client, tenantId, callId, admin));

        Assert.Equal(GridErrorCode.NotAuthorized, play.Code);
        Assert.Equal(NotAuthorizedReason.Role, play.Reason);
    }

    [Fact]
    public async Task Cross_tenant_refusal_does_not_reveal_whether_a_call_exists()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var intruder = fixture.Token(await TestTenants.ProvisionAsync(Client), GridRoles.Analyst);

        var error = await Assert.ThrowsAsync<NotAuthorizedException>(() => TestTenants.PlayAsync(Client, tenantId, TestTenants.NewCallId(), intruder));

        Assert.Equal(GridErrorCode.NotAuthorized, error.Code);
    }

    [Fact]
    public async Task Playback_of_an_unknown_or_unsealed_call_gets_a_typed_error()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var recordingCallId = TestTenants.NewCallId();
        await Call(tenantId, recordingCallId).StartAsync(TestTenants.Metadata());

        var unknown = await Assert.ThrowsAsync<RecordingNotFoundException>(() => TestTenants.PlayAsync(Client, tenantId, TestTenants.NewCallId()));
        var unsealed = await Assert.ThrowsAsync<CallStateException>(() => TestTenants.PlayAsync(Client, tenantId, recordingCallId));

        Assert.Equal(GridErrorCode.RecordingNotFound, unknown.Code);
        Assert.Equal(GridErrorCode.CallNotSealed, unsealed.Code);
    }

    [Theory]
    [InlineData("AB/call-1")]
    [InlineData("ab/call-1")]
    [InlineData("bad_tenant/call-1")]
    [InlineData("x--y/call-1")]
    [InlineData("-abc/call-1")]
    [InlineData("tenant-1/")]
    [InlineData("tenant-1/../x")]
    [InlineData("tenant-1/a b")]
    [InlineData("tenant-1/.hidden")]
    [InlineData("tenant-1")]
    [InlineData("tenant-1/call\n")]
    public async Task Malformed_call_keys_are_refused_and_change_nothing(string key)
    {
        // A valid credential of tenant-1: keys under tenant-1 reach the grain, which rejects the malformed call id;
        // keys of a malformed tenant cannot match any credential and are refused at the door.
        using var scope = GridCredentials.Use(fixture.Token("tenant-1", GridRoles.Recorder, GridRoles.Analyst));
        var call = Client.GetGrain<ICallGrain>(key);
        var expected = key.Split('/')[0] == "tenant-1" ? typeof(GridValidationException) : typeof(NotAuthorizedException);

        var start = await Assert.ThrowsAnyAsync<GridException>(() => call.StartAsync(TestTenants.Metadata()));
        var append = await Assert.ThrowsAnyAsync<GridException>(() => call.AppendAsync(0, new byte[1]));
        var summary = await Assert.ThrowsAnyAsync<GridException>(() => call.GetSummaryAsync());

        Assert.Equal([expected, expected, expected], new[] { start.GetType(), append.GetType(), summary.GetType() });
        Assert.Equal(expected == typeof(GridValidationException) ? GridErrorCode.InvalidInput : GridErrorCode.NotAuthorized, start.Code);
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("has space")]
    [InlineData("ab")]
    public async Task Malformed_tenant_ids_are_rejected_by_the_tenant_grain(string tenantId)
    {
        var error = await Assert.ThrowsAsync<GridValidationException>(() => Client.GetGrain<ITenantGrain>(tenantId).ProvisionAsync(TestTenants.Settings()));

        Assert.Equal(GridErrorCode.InvalidInput, error.Code);
    }

    [Fact]
    public async Task Invalid_metadata_is_refused_and_the_call_is_not_started()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var call = Call(tenantId, TestTenants.NewCallId());
        var bidiOverride = TestTenants.Metadata(identifier: "+1 555\u202E0100");
        var control = TestTenants.Metadata(name: "bad \u0000 name");
        var tooMany = TestTenants.Metadata() with { Participants = Enumerable.Range(0, 65).Select(i => new Participant("p", $"id{i}")).ToList() };

        foreach (var metadata in new[] { bidiOverride, control, tooMany })
        {
            var error = await Assert.ThrowsAsync<GridValidationException>(() => call.StartAsync(metadata));
            Assert.Equal(GridErrorCode.InvalidInput, error.Code);
        }

        Assert.Equal(CallStatus.None, (await call.GetSummaryAsync()).Status);
    }

    [Fact]
    public async Task The_recorder_sdk_refuses_malformed_ids_and_metadata_before_sending()
    {
        var recorder = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Grid.Client.GridRecorder>(fixture.Cluster.ServiceProvider);
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var callId = TestTenants.NewCallId();

        // A lone surrogate cannot cross the wire intact (it becomes U+FFFD), so the SDK checks it before sending.
        var surrogate = await Assert.ThrowsAsync<GridValidationException>(() => recorder.StartCallAsync(tenantId, callId, TestTenants.Metadata(name: "bad \uD800 name")));
        var badTenant = await Assert.ThrowsAsync<GridValidationException>(() => recorder.StartCallAsync("Bad Tenant", callId, TestTenants.Metadata()));
        var badCall = await Assert.ThrowsAsync<GridValidationException>(() => recorder.StartCallAsync(tenantId, "../etc/passwd", TestTenants.Metadata()));

        Assert.Contains("unpaired surrogate", surrogate.Message, StringComparison.Ordinal);
        Assert.Contains("Tenant id is malformed", badTenant.Message, StringComparison.Ordinal);
        Assert.Contains("Call id is malformed", badCall.Message, StringComparison.Ordinal);
        Assert.Equal(CallStatus.None, (await Call(tenantId, callId).GetSummaryAsync()).Status);
    }
}
