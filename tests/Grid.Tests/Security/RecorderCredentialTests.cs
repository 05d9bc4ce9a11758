using Grid.Calls;
using Grid.Client.Credentials;
using Grid.Errors;
using Grid.Security;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Grid.Tests.Security;

/// <summary>Recorder credentials: tenant-scoped, write-only, exchanged for short-lived tokens renewed without a pause.</summary>
[Collection(GridCollection.Name)]
public sealed class RecorderCredentialTests(GridFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    private async Task<(string TenantId, RecorderSecret Secret)> RecorderAsync()
    {
        var tenantId = await TestTenants.ProvisionAsync(Client);
        var secret = await Client.GetGrain<IRecorderCredentialGrain>($"{tenantId}/frontend-1").IssueSecretAsync();
        return (tenantId, secret);
    }

    [Fact]
    public async Task A_recorder_credential_records_its_own_tenant_and_cannot_read_anything_back()
    {
        var (tenantId, secret) = await RecorderAsync();
        var source = new RecorderCredentialSource(Client, secret.ClientId, secret.Secret);
        var callId = TestTenants.NewCallId();
        var call = Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        NotAuthorizedException media, metadata;
        using (GridCredentials.Use(await source.GetTokenAsync(CancellationToken.None)))
        {
            await call.StartAsync(TestTenants.Metadata());
            await call.AppendAsync(0, TestTenants.RandomBytes(500, seed: 3));
            Assert.Equal(CallStatus.Sealed, (await call.EndAsync()).Status);
            media = await Assert.ThrowsAsync<NotAuthorizedException>(() => TestTenants.PlayAsync(Client, tenantId, callId, GridCredentials.Current));
            metadata = await Assert.ThrowsAsync<NotAuthorizedException>(() => call.GetMetadataAsync());
        }

        Assert.Equal(NotAuthorizedReason.Role, media.Reason);
        Assert.Equal(NotAuthorizedReason.Role, metadata.Reason);
        Assert.Equal(TestTenants.RandomBytes(500, seed: 3), await TestTenants.PlayAsync(Client, tenantId, callId));
    }

    [Fact]
    public async Task A_recorder_of_one_tenant_can_neither_start_nor_append_to_nor_end_a_call_of_another()
    {
        var (_, secret) = await RecorderAsync();
        var victim = await TestTenants.ProvisionAsync(Client);
        var victimCallId = TestTenants.NewCallId();
        var victimCall = Client.GetGrain<ICallGrain>(GridIds.CallKey(victim, victimCallId));
        await victimCall.StartAsync(TestTenants.Metadata());
        await victimCall.AppendAsync(0, new byte[] { 1, 2, 3 });
        var before = await TenantStorageSnapshot.TakeAsync(fixture.ConnectionString, victim);
        var token = (await Client.GetGrain<IRecorderCredentialGrain>(secret.ClientId).ExchangeAsync(secret.Secret)).Value;

        var refusals = new List<NotAuthorizedException>();
        using (GridCredentials.Use(token))
        {
            refusals.Add(await Assert.ThrowsAsync<NotAuthorizedException>(() => Client.GetGrain<ICallGrain>(GridIds.CallKey(victim, TestTenants.NewCallId())).StartAsync(TestTenants.Metadata())));
            refusals.Add(await Assert.ThrowsAsync<NotAuthorizedException>(() => victimCall.AppendAsync(1, new byte[] { 9, 9, 9 })));
            refusals.Add(await Assert.ThrowsAsync<NotAuthorizedException>(() => victimCall.EndAsync()));
        }

        Assert.All(refusals, r => Assert.Equal(NotAuthorizedReason.Tenant, r.Reason));
        Assert.Equal(before, await TenantStorageSnapshot.TakeAsync(fixture.ConnectionString, victim));
        Assert.Equal((CallStatus.Recording, 1), ((await victimCall.GetSummaryAsync()).Status, (await victimCall.GetSummaryAsync()).ChunkCount));
    }

    [Fact]
    public async Task A_wrong_secret_and_a_revoked_credential_get_no_token()
    {
        var (_, secret) = await RecorderAsync();
        var grain = Client.GetGrain<IRecorderCredentialGrain>(secret.ClientId);

        var wrong = await Assert.ThrowsAsync<NotAuthorizedException>(() => grain.ExchangeAsync(secret.Secret + "x"));
        var token = await grain.ExchangeAsync(secret.Secret);
        await grain.RevokeAsync();
        var revoked = await Assert.ThrowsAsync<NotAuthorizedException>(() => grain.ExchangeAsync(secret.Secret));
        var renewed = await grain.IssueSecretAsync();
        var old = await Assert.ThrowsAsync<NotAuthorizedException>(() => grain.ExchangeAsync(secret.Secret));

        Assert.Equal(NotAuthorizedReason.Credential, wrong.Reason);
        Assert.Equal(NotAuthorizedReason.Credential, revoked.Reason);
        Assert.Equal(NotAuthorizedReason.Credential, old.Reason);
        Assert.True(token.ExpiresAt > DateTimeOffset.UtcNow.AddMinutes(9));
        Assert.NotEqual(secret.Secret, renewed.Secret);
        Assert.True((await grain.ExchangeAsync(renewed.Secret)).ExpiresAt > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task The_sdk_renews_the_recorder_token_in_the_background_before_it_expires_without_holding_calls()
    {
        var (tenantId, secret) = await RecorderAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var source = new RecorderCredentialSource(Client, secret.ClientId, secret.Secret, clock);
        var call = Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, TestTenants.NewCallId()));

        var first = await source.GetTokenAsync(CancellationToken.None);
        using (GridCredentials.Use(first))
        {
            await call.StartAsync(TestTenants.Metadata());
        }

        clock.Advance(TimeSpan.FromMinutes(7));
        var during = await source.GetTokenAsync(CancellationToken.None);
        await WaitUntilAsync(() => source.Exchanges == 2);
        var after = await source.GetTokenAsync(CancellationToken.None);
        using (GridCredentials.Use(after))
        {
            await call.AppendAsync(0, new byte[] { 7 });
            await call.EndAsync();
        }

        Assert.Equal(first, during);
        Assert.NotEqual(first, after);
        Assert.Equal(2, source.Exchanges);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }
    }
}
