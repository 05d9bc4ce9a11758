using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Grid.Errors;
using Grid.Keys;

namespace Grid.Crypto.Custody;

/// <summary>
/// Tenant KEKs in Azure Key Vault (RSA-HSM 3072, <c>RSA-OAEP-256</c>) or Managed HSM (oct-HSM AES-256,
/// <c>A256KW</c>), used over the REST API (wrapkey/unwrapkey, api-version 7.4) through Azure.Core's HTTP pipeline
/// with an Azure.Identity credential. The key never leaves the vault. The wrapped data key records the full key id
/// (with the vault's version) and the algorithm. Key Vault's wrap takes no associated data, so the binding of a
/// wrapped key to its recording is the recording header's key commitment (docs/recording-format.md).
/// Tested against the documented REST contract through a test transport; it has not run against a live vault.
/// </summary>
public sealed class AzureKeyVaultKeyCustody : IKeyCustody
{
    /// <summary>The wrap algorithm of a vault's RSA-HSM key: RSA-OAEP with SHA-256 and MGF1-SHA-256, empty label.</summary>
    public const string RsaOaep256 = "RSA-OAEP-256";

    /// <summary>The wrap algorithm of a Managed HSM's oct-HSM key: AES key wrap (RFC 3394, default IV).</summary>
    public const string A256KW = "A256KW";

    private readonly AzureKeyVaultKeyCustodyOptions options;
    private readonly HttpPipeline pipeline;
    private readonly Uri vault;

    /// <param name="options">The vault (the main one, or a region's).</param>
    /// <param name="credential">The silo's identity.</param>
    /// <param name="transport">
    /// The HTTP transport: the host gives one over an <see cref="System.Net.Http.HttpClient"/> from its factory, whose
    /// resilience handler retries (Azure.Core's own retries are then off, so nothing is retried twice).
    /// </param>
    public AzureKeyVaultKeyCustody(AzureKeyVaultKeyCustodyOptions options, TokenCredential credential, HttpPipelineTransport? transport = null)
    {
        this.options = options;
        vault = this.options.VaultUri ?? throw new KeyUnavailableException("Azure Key Vault custody is not configured on this grid (Grid:Keys:AzureKeyVault:VaultUri).");
        var clientOptions = new VaultClientOptions();
        if (transport is not null)
        {
            clientOptions.Transport = transport;
            clientOptions.Retry.MaxRetries = 0;
        }

        var scope = this.options.ManagedHsm ? "https://managedhsm.azure.net/.default" : "https://vault.azure.net/.default";
        pipeline = HttpPipelineBuilder.Build(clientOptions, new BearerTokenAuthenticationPolicy(credential, scope));
    }

    public KeyCustodyKind Kind => KeyCustodyKind.AzureKeyVault;

    /// <summary>The vault this custody talks to.</summary>
    public Uri VaultUri => vault;

    /// <summary>True when <paramref name="key"/> is a key of this vault.</summary>
    public bool Holds(KeyReference key) =>
        key.Custody == KeyCustodyKind.AzureKeyVault && Uri.TryCreate(key.KeyId, UriKind.Absolute, out var uri)
        && string.Equals(uri.Host, vault.Host, StringComparison.OrdinalIgnoreCase);

    private string WrapAlgorithm => options.ManagedHsm ? A256KW : RsaOaep256;

    public async Task<KeyReference> CreateKeyAsync(string tenantId, int version, CancellationToken cancellationToken)
    {
        GridIds.RequireTenantId(tenantId);
        var body = options.ManagedHsm
            ? new JsonObject { ["kty"] = "oct-HSM", ["key_size"] = 256, ["key_ops"] = new JsonArray("wrapKey", "unwrapKey") }
            : new JsonObject { ["kty"] = "RSA-HSM", ["key_size"] = 3072, ["key_ops"] = new JsonArray("wrapKey", "unwrapKey") };
        var response = await SendAsync(RequestMethod.Post, new Uri(vault, $"keys/{KeyName(tenantId)}/create"), body, cancellationToken);
        var kid = response["key"]?["kid"]?.GetValue<string>() ?? throw new KeyUnavailableException("Key Vault's create-key response has no key id.");
        return new KeyReference(KeyCustodyKind.AzureKeyVault, kid, version);
    }

    public async Task<WrappedKey> WrapAsync(KeyReference key, ReadOnlyMemory<byte> dataKey, ReadOnlyMemory<byte> context, CancellationToken cancellationToken)
    {
        var kid = KeyUri(key);
        var response = await SendAsync(RequestMethod.Post, new Uri($"{kid}/wrapkey"), new JsonObject { ["alg"] = WrapAlgorithm, ["value"] = Base64Url(dataKey.Span) }, cancellationToken);
        var value = response["value"]?.GetValue<string>() ?? throw new KeyUnavailableException("Key Vault's wrapkey response has no value.");
        return new WrappedKey(key, WrapAlgorithm, FromBase64Url(value));
    }

    public async Task<byte[]> UnwrapAsync(WrappedKey wrapped, ReadOnlyMemory<byte> context, CancellationToken cancellationToken)
    {
        if (wrapped.Algorithm is not (RsaOaep256 or A256KW))
        {
            // The recording format defines only these two for Key Vault custody; any other is refused unsent.
            throw new RecordingCorruptException($"The wrapped key's algorithm '{wrapped.Algorithm}' is not a Key Vault wrap the recording format defines.");
        }

        var kid = KeyUri(wrapped.Key);
        var response = await SendAsync(RequestMethod.Post, new Uri($"{kid}/unwrapkey"), new JsonObject { ["alg"] = wrapped.Algorithm, ["value"] = Base64Url(wrapped.Ciphertext) }, cancellationToken);
        var value = response["value"]?.GetValue<string>() ?? throw new KeyUnavailableException("Key Vault's unwrapkey response has no value.");
        return FromBase64Url(value);
    }

    /// <summary>
    /// Deletes the key (all versions; unusable from that moment), then purges it so it cannot be recovered; both
    /// idempotent. A vault with purge protection (as deploy/ creates it) refuses the purge and purges the key itself
    /// when its soft-delete retention ends (7 days in deploy/): that refusal is accepted, any other is an error.
    /// </summary>
    public async Task DestroyKeyAsync(KeyReference key, CancellationToken cancellationToken)
    {
        var name = KeyNameOf(key);
        await SendAsync(RequestMethod.Delete, new Uri(vault, $"keys/{name}"), null, cancellationToken, allowNotFound: true);
        await SendAsync(RequestMethod.Delete, new Uri(vault, $"deletedkeys/{name}"), null, cancellationToken, allowNotFound: true, allowPurgeProtected: true);
    }

    private string KeyName(string tenantId) => options.KeyNamePrefix + tenantId;

    private Uri KeyUri(KeyReference key)
    {
        if (key.Custody != KeyCustodyKind.AzureKeyVault || !Uri.TryCreate(key.KeyId, UriKind.Absolute, out var uri)
            || !string.Equals(uri.Host, vault.Host, StringComparison.OrdinalIgnoreCase) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new KeyUnavailableException("The key reference does not name a key in this grid's Key Vault.");
        }

        return uri;
    }

    private string KeyNameOf(KeyReference key)
    {
        var segments = KeyUri(key).AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 && segments[0] == "keys" ? segments[1] : throw new KeyUnavailableException("The Key Vault key id is malformed.");
    }

    private async Task<JsonNode> SendAsync(RequestMethod method, Uri uri, JsonObject? body, CancellationToken cancellationToken, bool allowNotFound = false, bool allowPurgeProtected = false)
    {
        using var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        var builder = new UriBuilder(uri) { Query = $"api-version={options.ApiVersion}" };
        request.Uri.Reset(builder.Uri);
        request.Headers.Add("Accept", "application/json");
        if (body is not null)
        {
            request.Headers.Add("Content-Type", "application/json");
            request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(body));
        }

        try
        {
            await pipeline.SendAsync(message, cancellationToken);
        }
        catch (RequestFailedException e)
        {
            throw new KeyUnavailableException("Key Vault is unreachable; retry.", e);
        }

        var response = message.Response;
        var status = response.Status;
        if (status is >= 200 and < 300)
        {
            return response.Content.ToMemory().Length == 0 ? new JsonObject() : JsonNode.Parse(response.Content.ToMemory().Span) ?? new JsonObject();
        }

        var code = ErrorCode(response);
        return status switch
        {
            404 when allowNotFound => new JsonObject(),
            403 when allowPurgeProtected && ErrorMessage(response).Contains("purge protection", StringComparison.OrdinalIgnoreCase) => new JsonObject(),
            404 => throw new KeyDestroyedException($"The Key Vault key is gone ({code}): it was deleted or purged."),
            401 or 403 => throw new KeyUnavailableException($"Key Vault refused the grid's identity ({status} {code}); grant it wrapKey/unwrapKey on the key."),
            400 => throw new RecordingCorruptException($"Key Vault rejected the wrapped key ({code})."),
            _ => throw new KeyUnavailableException($"Key Vault failed the request ({status} {code}); retry."),
        };
    }

    private static string ErrorMessage(Response response)
    {
        try
        {
            return JsonNode.Parse(response.Content.ToMemory().Span)?["error"]?["message"]?.GetValue<string>() ?? "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static string ErrorCode(Response response)
    {
        try
        {
            return JsonNode.Parse(response.Content.ToMemory().Span)?["error"]?["code"]?.GetValue<string>() ?? "no error code";
        }
        catch (JsonException)
        {
            return "no error body";
        }
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    private sealed class VaultClientOptions : ClientOptions
    {
    }
}
