using System.Net;
using Azure.Core.Pipeline;
using Grid.Crypto.Custody;
using Grid.Errors;
using Grid.Keys;

namespace Grid.Tests.Custody;

/// <summary>The Key Vault custody against the documented REST contract (no live vault is reachable here).</summary>
public sealed class AzureKeyVaultCustodyTests
{
    private readonly FakeKeyVault vault = new();

    private AzureKeyVaultKeyCustody Custody() => new(
        new AzureKeyVaultKeyCustodyOptions { VaultUri = new Uri($"https://{FakeKeyVault.Host}/") },
        new FakeKeyVault.StaticCredential(),
        new HttpClientTransport(new HttpClient(vault)));

    [Fact]
    public async Task Create_wrap_and_unwrap_follow_the_rest_contract_and_round_trip()
    {
        var custody = Custody();
        var dataKey = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();

        var key = await custody.CreateKeyAsync("t-vault", 1, CancellationToken.None);
        var wrapped = await custody.WrapAsync(key, dataKey, "t-vault/call-1"u8.ToArray(), CancellationToken.None);
        var unwrapped = await custody.UnwrapAsync(wrapped, "t-vault/call-1"u8.ToArray(), CancellationToken.None);

        Assert.Equal(dataKey, unwrapped);
        Assert.Matches($"^https://{FakeKeyVault.Host}/keys/grid-t-vault/[0-9a-f]{{32}}$", key.KeyId);
        Assert.Equal(KeyCustodyKind.AzureKeyVault, key.Custody);
        Assert.Equal("RSA-OAEP-256", wrapped.Algorithm);
        Assert.Equal(384, wrapped.Ciphertext.Length);
        var version = key.KeyId[(key.KeyId.LastIndexOf('/') + 1)..];
        Assert.Equal(
            [
                ("POST", "/keys/grid-t-vault/create?api-version=7.4"),
                ("POST", $"/keys/grid-t-vault/{version}/wrapkey?api-version=7.4"),
                ("POST", $"/keys/grid-t-vault/{version}/unwrapkey?api-version=7.4"),
            ],
            vault.Requests.Select(r => (r.Method, r.PathAndQuery)));
        Assert.All(vault.Requests, r => Assert.Equal($"Bearer {FakeKeyVault.Token}", r.Authorization));
        Assert.Equal("""{"kty":"RSA-HSM","key_size":3072,"key_ops":["wrapKey","unwrapKey"]}""", vault.Requests[0].Body!.ToJsonString());
        Assert.Equal(FakeKeyVault.B64Url(dataKey), vault.Requests[1].Body!["value"]!.GetValue<string>());
        Assert.Equal("RSA-OAEP-256", vault.Requests[2].Body!["alg"]!.GetValue<string>());
    }

    [Fact]
    public async Task Destroy_deletes_and_purges_and_then_nothing_unwraps()
    {
        var custody = Custody();
        var key = await custody.CreateKeyAsync("t-vault", 1, CancellationToken.None);
        var wrapped = await custody.WrapAsync(key, new byte[32], ReadOnlyMemory<byte>.Empty, CancellationToken.None);

        await custody.DestroyKeyAsync(key, CancellationToken.None);
        await custody.DestroyKeyAsync(key, CancellationToken.None);

        Assert.Equal(
            [("DELETE", "/keys/grid-t-vault?api-version=7.4"), ("DELETE", "/deletedkeys/grid-t-vault?api-version=7.4")],
            vault.Requests.Skip(2).Take(2).Select(r => (r.Method, r.PathAndQuery)));
        await Assert.ThrowsAsync<KeyDestroyedException>(() => custody.UnwrapAsync(wrapped, ReadOnlyMemory<byte>.Empty, CancellationToken.None));
    }

    [Fact]
    public async Task With_purge_protection_destroy_deletes_the_key_and_leaves_the_purge_to_the_vault()
    {
        var custody = Custody();
        var key = await custody.CreateKeyAsync("t-protected", 1, CancellationToken.None);
        var wrapped = await custody.WrapAsync(key, new byte[32], ReadOnlyMemory<byte>.Empty, CancellationToken.None);
        vault.PurgeProtected = true;

        await custody.DestroyKeyAsync(key, CancellationToken.None);

        Assert.Equal(
            [("DELETE", "/keys/grid-t-protected?api-version=7.4"), ("DELETE", "/deletedkeys/grid-t-protected?api-version=7.4")],
            vault.Requests.Skip(2).Take(2).Select(r => (r.Method, r.PathAndQuery)));
        await Assert.ThrowsAsync<KeyDestroyedException>(() => custody.UnwrapAsync(wrapped, ReadOnlyMemory<byte>.Empty, CancellationToken.None));
    }

    [Fact]
    public async Task A_refused_identity_and_an_unavailable_vault_are_typed_errors()
    {
        var custody = Custody();
        var key = await custody.CreateKeyAsync("t-vault", 1, CancellationToken.None);

        vault.ForcedStatus = HttpStatusCode.Forbidden;
        var forbidden = await Assert.ThrowsAsync<KeyUnavailableException>(() => custody.WrapAsync(key, new byte[32], ReadOnlyMemory<byte>.Empty, CancellationToken.None));

        Assert.Contains("Forbidden", forbidden.Message, StringComparison.Ordinal);
        Assert.True(forbidden.IsTransient);
    }

    [Fact]
    public async Task A_key_reference_of_another_vault_is_refused_before_any_request()
    {
        var custody = Custody();
        var foreign = new KeyReference(KeyCustodyKind.AzureKeyVault, "https://evil.vault.azure.net/keys/grid-t-vault/abc", 1);

        await Assert.ThrowsAsync<KeyUnavailableException>(() => custody.WrapAsync(foreign, new byte[32], ReadOnlyMemory<byte>.Empty, CancellationToken.None));

        Assert.Empty(vault.Requests);
    }

    [Fact]
    public async Task A_wrap_algorithm_the_recording_format_does_not_define_is_refused_before_any_request()
    {
        var custody = Custody();
        var key = await custody.CreateKeyAsync("t-vault", 1, CancellationToken.None);
        var wrapped = await custody.WrapAsync(key, new byte[32], ReadOnlyMemory<byte>.Empty, CancellationToken.None);

        await Assert.ThrowsAsync<RecordingCorruptException>(() => custody.UnwrapAsync(wrapped with { Algorithm = "RSA-OAEP" }, ReadOnlyMemory<byte>.Empty, CancellationToken.None));

        Assert.Equal(2, vault.Requests.Count);
    }
}
