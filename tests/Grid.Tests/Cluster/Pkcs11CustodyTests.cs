using System.Text;
using Grid.Calls;
using Grid.Crypto.Custody;
using Grid.Errors;
using Grid.Keys;
using Grid.Tenants;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Grid.Tests.Cluster;

/// <summary>Tenant keys in a real PKCS#11 HSM: SoftHSM2, initialised by the fixture.</summary>
[Collection(GridCollection.Name)]
public sealed class Pkcs11CustodyTests(GridFixture fixture)
{
    private Pkcs11KeyCustody Custody() => new(Options.Create(fixture.Pkcs11Options));

    [Fact]
    public async Task A_tenant_key_is_a_sensitive_non_extractable_token_object_that_wraps_and_unwraps_inside_the_hsm()
    {
        using var custody = Custody();
        var tenantId = TestTenants.NewTenantId();
        var dataKey = TestTenants.RandomBytes(32, seed: 11);
        var context = Encoding.UTF8.GetBytes($"{tenantId}/call-1");

        var key = await custody.CreateKeyAsync(tenantId, 1, CancellationToken.None);
        var again = await custody.CreateKeyAsync(tenantId, 1, CancellationToken.None);
        var wrapped = await custody.WrapAsync(key, dataKey, context, CancellationToken.None);

        Assert.Equal(new KeyReference(KeyCustodyKind.Pkcs11, $"pkcs11:{GridFixture.TokenLabel}/{tenantId}", 1), key);
        Assert.Equal(key, again);
        Assert.Equal((true, false), custody.Protection(key));
        Assert.Equal(Pkcs11KeyCustody.Algorithm, wrapped.Algorithm);
        Assert.Equal(12 + 32 + 16, wrapped.Ciphertext.Length);
        Assert.False(wrapped.Ciphertext.AsSpan().IndexOf(dataKey) >= 0);
        Assert.Equal(dataKey, await custody.UnwrapAsync(wrapped, context, CancellationToken.None));
        await Assert.ThrowsAsync<RecordingCorruptException>(() => custody.UnwrapAsync(wrapped, Encoding.UTF8.GetBytes($"{tenantId}/call-2"), CancellationToken.None));
    }

    [Fact]
    public async Task A_destroyed_hsm_key_is_gone_from_the_token_and_nothing_unwraps()
    {
        using var custody = Custody();
        var tenantId = TestTenants.NewTenantId();
        var key = await custody.CreateKeyAsync(tenantId, 1, CancellationToken.None);
        var wrapped = await custody.WrapAsync(key, new byte[32], "ctx"u8.ToArray(), CancellationToken.None);

        await custody.DestroyKeyAsync(key, CancellationToken.None);
        await custody.DestroyKeyAsync(key, CancellationToken.None);

        Assert.False(custody.Exists(key));
        await Assert.ThrowsAsync<KeyDestroyedException>(() => custody.UnwrapAsync(wrapped, "ctx"u8.ToArray(), CancellationToken.None));
    }

    [Fact]
    public async Task A_tenant_in_hsm_custody_records_plays_back_and_is_crypto_shredded()
    {
        var tenantId = TestTenants.NewTenantId();
        var info = await fixture.Client.GetGrain<ITenantGrain>(tenantId).ProvisionAsync(TestTenants.Settings() with { KeyCustody = KeyCustodyKind.Pkcs11 });
        var callId = TestTenants.NewCallId();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        var media = TestTenants.RandomBytes(3000, seed: 12);
        await call.StartAsync(TestTenants.Metadata());
        await call.AppendAsync(0, media[..1000]);
        await call.AppendAsync(1, media[1000..]);
        await call.EndAsync();

        Assert.Equal(KeyCustodyKind.Pkcs11, info.CurrentKey!.Custody);
        Assert.Equal(media, await TestTenants.PlayAsync(fixture.Client, tenantId, callId));

        await fixture.InternalGrains.GetGrain<ITenantKeyGrain>(tenantId).DestroyAsync("admin-1");

        using var custody = Custody();
        Assert.False(custody.Exists(info.CurrentKey));
        var error = await Assert.ThrowsAsync<KeyDestroyedException>(() => TestTenants.PlayAsync(fixture.Client, tenantId, callId));
        Assert.Equal(GridErrorCode.KeyDestroyed, error.Code);
    }
}
